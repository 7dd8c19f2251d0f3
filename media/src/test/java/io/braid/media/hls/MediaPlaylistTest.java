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
}
