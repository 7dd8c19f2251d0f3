package io.braid.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpeedMeterTest {
    private static final long FRAME_MS = 40;

    /** Feeds {@code seconds} of 25 fps frames at {@code speed}, each costing {@code busy} of its wall time. */
    private static long feed(SpeedMeter m, long wallStart, long mediaStart, double seconds, double speed, double busy) {
        long frames = Math.round(seconds * 25 * speed);
        long wallPerFrame = Math.round(FRAME_MS / speed);
        long wall = wallStart;
        for (long i = 0; i < frames; i++) {
            wall += wallPerFrame;
            m.frame(mediaStart + i * FRAME_MS, wall, (long) (wallPerFrame * busy * 1e6));
        }
        return wall;
    }

    @Test
    void keepingUpReadsOneAndIsNotBehind() {
        SpeedMeter m = new SpeedMeter();
        feed(m, 0, 0, 20, 1.0, 0.3);
        assertEquals(1.0, m.speed(), 0.05);
        assertEquals(0.3, m.busy(), 0.05);
        assertFalse(m.behind());
    }

    @Test
    void slowAndBusyForTenSecondsIsBehindAndRecovers() {
        SpeedMeter m = new SpeedMeter();
        long wall = feed(m, 0, 0, 5, 0.8, 1.0);
        assertEquals(0.8, m.speed(), 0.05);
        assertFalse(m.behind(), "not yet 10 s");
        wall = feed(m, wall, 4_000, 8, 0.8, 1.0);
        assertTrue(m.behind());
        feed(m, wall, 20_000, 3, 1.0, 0.5);
        assertFalse(m.behind(), "recovered");
    }

    @Test
    void aSlowSourceWhileIdleIsNotTheTranscodersFault() {
        SpeedMeter m = new SpeedMeter();
        feed(m, 0, 0, 15, 0.5, 0.2);
        assertEquals(0.5, m.speed(), 0.05);
        assertFalse(m.behind());
    }
}
