package io.braid.media.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GopSegmenterTest {

    @Test
    void cutsAtFirstKeyframeAtOrAfterTarget() {
        GopSegmenter s = new GopSegmenter(2000);
        List<Long> starts = new ArrayList<>();
        // keyframes every 1.5 s; frames every 500 ms
        for (long t = 0; t <= 9000; t += 500) {
            if (s.startsSegment(t, t % 1500 == 0)) {
                starts.add(t);
            }
        }
        assertEquals(List.of(0L, 3000L, 6000L, 9000L), starts);
    }

    @Test
    void nonKeyframesNeverCut() {
        GopSegmenter s = new GopSegmenter(1000);
        assertEquals(false, s.startsSegment(0, false));
        assertEquals(true, s.startsSegment(100, true));
        assertEquals(false, s.startsSegment(5000, false));
        assertEquals(true, s.startsSegment(5100, true));
    }
}
