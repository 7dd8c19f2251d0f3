package io.braid.media.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediaPlaylistTest {

    @Test
    void writesRfc8216LivePlaylist() {
        List<HlsSegment> segments = List.of(
                new HlsSegment(7, "s000000007.ts", io.braid.media.ChunkedBytes.EMPTY, 2.0, 1_780_000_000_000L, false),
                new HlsSegment(8, "s000000008.ts", io.braid.media.ChunkedBytes.EMPTY, 2.0333, 1_780_000_002_000L, true));
        String text = MediaPlaylist.render(segments, 3, 2, "", true);
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:3
                #EXT-X-MEDIA-SEQUENCE:7
                #EXT-X-DISCONTINUITY-SEQUENCE:2
                #EXT-X-PROGRAM-DATE-TIME:2026-05-28T20:26:40.000Z
                #EXTINF:2.000,
                s000000007.ts
                #EXT-X-DISCONTINUITY
                #EXT-X-PROGRAM-DATE-TIME:2026-05-28T20:26:42.000Z
                #EXTINF:2.033,
                s000000008.ts
                #EXT-X-ENDLIST
                """, text);
    }

    /** Durations as %.3f writes them, for 90 kHz and millisecond clocks (a value on a half millisecond may round either way). */
    @Test
    void durationsAreWrittenAsPercentPointThreeF() {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 100_000; i++) {
            double seconds = i % 2 == 0 ? random.nextInt(2_000_000) / 90_000.0 : random.nextInt(20_000) / 1000.0;
            double thousandths = seconds * 1000;
            if (Math.abs(thousandths - Math.floor(thousandths) - 0.5) < 1e-6) {
                continue;
            }
            assertEquals(String.format(java.util.Locale.ROOT, "%.3f", seconds), MediaPlaylist.appendMillis(new StringBuilder(), seconds).toString());
        }
        assertEquals("0.000", MediaPlaylist.appendMillis(new StringBuilder(), 0).toString());
        assertEquals("12.050", MediaPlaylist.appendMillis(new StringBuilder(), 12.05).toString());
        assertEquals("s000000007.ts", HlsPackager.segmentName("s", 7));
        assertEquals("s1234567890.ts", HlsPackager.segmentName("s", 1_234_567_890L), "beyond nine digits, as %09d");
    }
}
