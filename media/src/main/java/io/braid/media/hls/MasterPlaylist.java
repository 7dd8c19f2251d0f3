package io.braid.media.hls;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes an HLS multivariant ("master") playlist (RFC 8216 section 4.3.4.2) from the variants' own playlists:
 * BANDWIDTH is the peak segment bitrate and AVERAGE-BANDWIDTH the mean over the segments held, both measured from
 * what was actually packaged (so they include the MPEG-TS overhead players download), as the RFC asks.
 */
public final class MasterPlaylist {

    /** One variant: its playlist URI and what was measured of it. */
    public record Variant(String uri, long bandwidth, long averageBandwidth, int width, int height, String codecs, double frameRate) {

        /** @return the variant measured from its packager, or null while it has no segment or no codec yet */
        public static Variant of(String uri, HlsPackager packager) {
            List<HlsSegment> segments = packager.snapshot().retained();
            if (segments.isEmpty()) {
                return null;
            }
            long peak = 0;
            long bytes = 0;
            double seconds = 0;
            for (HlsSegment s : segments) {
                peak = Math.max(peak, Math.round(s.data().length() * 8 / s.durationSeconds()));
                bytes += s.data().length();
                seconds += s.durationSeconds();
            }
            List<String> codecs = new ArrayList<>();
            int width = 0;
            int height = 0;
            if (packager.videoConfig() != null) {
                codecs.add(packager.videoConfig().info().codecString());
                width = packager.videoConfig().info().width();
                height = packager.videoConfig().info().height();
            }
            if (packager.audioConfig() != null) {
                codecs.add(packager.audioConfig().codecString());
            }
            if (codecs.isEmpty()) {
                return null;
            }
            return new Variant(uri, peak, Math.round(bytes * 8 / seconds), width, height, String.join(",", codecs), packager.frameRate());
        }
    }

    private MasterPlaylist() {
    }

    /** Variants in the order given. */
    public static String render(List<Variant> variants) {
        StringBuilder m = new StringBuilder(64 + variants.size() * 160);
        m.append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Variant v : variants) {
            m.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(v.bandwidth()).append(",AVERAGE-BANDWIDTH=").append(v.averageBandwidth());
            if (v.width() > 0 && v.height() > 0) {
                m.append(",RESOLUTION=").append(v.width()).append('x').append(v.height());
            }
            m.append(",CODECS=\"").append(v.codecs()).append('"');
            if (v.frameRate() > 0) {
                m.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", v.frameRate()));
            }
            m.append('\n').append(v.uri()).append('\n');
        }
        return m.toString();
    }

    /** Highest bandwidth first, the usual order of ladders. */
    public static List<Variant> byBandwidth(List<Variant> variants) {
        List<Variant> sorted = new ArrayList<>(variants);
        sorted.sort(Comparator.comparingLong(Variant::bandwidth).reversed());
        return sorted;
    }
}
