package io.braid.media.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Writes an HLS media playlist (RFC 8216 section 4.3.3), version 3 (decimal EXTINF durations). */
public final class MediaPlaylist {
    private static final DateTimeFormatter PROGRAM_DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private MediaPlaylist() {
    }

    /**
     * @param targetDuration    EXT-X-TARGETDURATION: at least every segment's duration rounded to the nearest integer
     * @param discontinuitySequence discontinuities that have left the window (EXT-X-DISCONTINUITY-SEQUENCE)
     * @param playlistType      "", "event" or "vod" (Ant Media's hlsPlayListType)
     */
    public static String render(List<HlsSegment> segments, int targetDuration, long discontinuitySequence, String playlistType, boolean ended) {
        StringBuilder m = new StringBuilder(128 + segments.size() * 96);
        m.append("#EXTM3U\n#EXT-X-VERSION:3\n");
        m.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
        m.append("#EXT-X-MEDIA-SEQUENCE:").append(segments.isEmpty() ? 0 : segments.getFirst().sequence()).append('\n');
        if (discontinuitySequence > 0) {
            m.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        }
        if (playlistType != null && !playlistType.isEmpty()) {
            m.append("#EXT-X-PLAYLIST-TYPE:").append(playlistType.toUpperCase(Locale.ROOT)).append('\n');
        }
        for (HlsSegment s : segments) {
            if (s.discontinuity()) {
                m.append("#EXT-X-DISCONTINUITY\n");
            }
            m.append("#EXT-X-PROGRAM-DATE-TIME:").append(PROGRAM_DATE_TIME.format(Instant.ofEpochMilli(s.programDateTimeMs()))).append('\n');
            appendMillis(m.append("#EXTINF:"), s.durationSeconds()).append(",\n");
            m.append(s.name()).append('\n');
        }
        if (ended) {
            m.append("#EXT-X-ENDLIST\n");
        }
        return m.toString();
    }

    /**
     * Seconds with three decimals, as {@code %.3f} writes a non-negative duration, without a Formatter: a playlist
     * is rendered at every segment, each line of it once per segment in the list.
     */
    static StringBuilder appendMillis(StringBuilder m, double seconds) {
        long ms = Math.round(seconds * 1000);
        long fraction = ms % 1000;
        m.append(ms / 1000).append('.');
        if (fraction < 100) {
            m.append(fraction < 10 ? "00" : "0");
        }
        return m.append(fraction);
    }
}
