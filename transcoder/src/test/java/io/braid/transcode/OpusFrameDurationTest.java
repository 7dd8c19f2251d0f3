package io.braid.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpusFrameDurationTest {
    @Test
    void theDurationsLibopusEncodesAreNamedByTheirMilliseconds() {
        assertEquals(OpusFrameDuration.MS_40, OpusFrameDuration.of(Duration.ofMillis(40)));
        assertEquals(OpusFrameDuration.MS_20, OpusFrameDuration.of(Duration.ofMillis(20)));
        assertEquals(1920, OpusFrameDuration.MS_40.samples48k());
    }

    @Test
    void anyOtherDurationIsRefusedWithTheListOfChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpusFrameDuration.of(Duration.ofMillis(30)));
        assertTrue(e.getMessage().contains("10, 20, 40 or 60 ms"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpusFrameDuration.of(Duration.ofNanos(40_000_001)));
        assertThrows(IllegalArgumentException.class, () -> OpusFrameDuration.of(Duration.ofSeconds(1)));
    }
}
