package io.braid.edge.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeContentTest {

    @Test
    void theNewestSegmentsOfAMediaPlaylistArePrefetched() {
        String media = "#EXTM3U\n#EXTINF:2.0,\nt1000000001.ts\n#EXTINF:2.0,\nt1000000002.ts\n#EXTINF:2.0,\nt1000000003.ts\n#EXTINF:2.0,\nt1000000004.ts\n";
        assertEquals(List.of("t1000000002.ts", "t1000000003.ts", "t1000000004.ts"), EdgeContent.newestSegments(media, 3));
        assertEquals(List.of("t1000000004.ts"), EdgeContent.newestSegments(media, 1));
        assertEquals(List.of(), EdgeContent.newestSegments("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nt1_360p800kbps.m3u8\n", 3), "a master lists playlists");
        assertEquals(List.of(), EdgeContent.newestSegments("#EXTM3U\n#EXTINF:2.0,\n../../etc/passwd\nhttp://elsewhere/x000000001.ts\n", 3));
    }
}
