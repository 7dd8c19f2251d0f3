package io.braid.core.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HlsFileTest {

    @Test
    void playlistsSegmentsAndTheirSourceStream() {
        assertEquals(Optional.of(new HlsFile("t1", true, "t1")), HlsFile.parse("t1.m3u8"));
        assertEquals(Optional.of(new HlsFile("t1", false, "t1")), HlsFile.parse("t1000000042.ts"));
        assertEquals(Optional.of(new HlsFile("t1_adaptive", true, "t1")), HlsFile.parse("t1_adaptive.m3u8"));
        assertEquals(Optional.of(new HlsFile("t1_360p800kbps", true, "t1")), HlsFile.parse("t1_360p800kbps.m3u8"));
        assertEquals(Optional.of(new HlsFile("t1_1080p4500kbps", false, "t1")), HlsFile.parse("t1_1080p4500kbps000000007.ts"));
        assertEquals(Optional.of(new HlsFile("my_stream", true, "my_stream")), HlsFile.parse("my_stream.m3u8"));
        assertTrue(HlsFile.parse("../x.m3u8").isEmpty());
        assertTrue(HlsFile.parse("t1.ts").isEmpty());
        assertTrue(HlsFile.parse("t1.mp4").isEmpty());
    }
}
