package io.braid.transcode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the requested ladder into renditions for a source of a given size: the width keeps the source's aspect
 * ratio, both dimensions are even (the width rounded to the nearest even number, as ffmpeg's {@code scale=-2:h}) (4:2:0 chroma and every H.264 encoder need that), and rungs taller than the source
 * are dropped unless they ask for {@code forceEncode}. Two rungs with the same name would publish over each other,
 * so only the first is kept.
 */
public final class LadderPlan {
    private LadderPlan() {
    }

    public static List<Rendition> renditions(String streamId, int sourceWidth, int sourceHeight, List<LadderRung> rungs) {
        if (sourceWidth <= 0 || sourceHeight <= 0) {
            throw new IllegalArgumentException("source size unknown: " + sourceWidth + "x" + sourceHeight);
        }
        Map<String, Rendition> byName = new LinkedHashMap<>();
        for (LadderRung rung : rungs) {
            if (rung.height() > sourceHeight && !rung.forceEncode()) {
                continue;
            }
            int height = even(rung.height());
            int width = (int) Math.round((double) sourceWidth * height / sourceHeight / 2) * 2;
            String name = Rendition.name(streamId, rung.height(), rung.videoBitrate());
            byName.putIfAbsent(name, new Rendition(name, Math.max(2, width), Math.max(2, height), rung.videoBitrate(), rung.audioBitrate()));
        }
        return new ArrayList<>(byName.values());
    }

    static int even(int value) {
        return value - (value & 1);
    }
}
