package io.braid.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.braid.media.MalformedMediaException;
import org.junit.jupiter.api.Test;

class OpusTimelineTest {
    private static final byte[] MS_20 = {(byte) 0xFC, 1};
    private static final byte[] MS_40 = {(byte) 0xFD, 1, 2};

    @Test
    void packetsFollowEachOtherByTheirDurationWhateverTheMillisecondsSay() {
        OpusTimeline t = new OpusTimeline();
        assertEquals(48_000, t.timestamp(MS_20, 1000));
        assertEquals(48_960, t.timestamp(MS_20, 1021), "1 ms late on RTMP's clock, on time in samples");
        assertEquals(49_920, t.timestamp(MS_40, 1039));
        assertEquals(51_840, t.timestamp(MS_20, 1080));
    }

    @Test
    void aGapOrADriftingClockIsFollowed() {
        OpusTimeline t = new OpusTimeline();
        t.timestamp(MS_20, 0);
        assertEquals(48 * 500, t.timestamp(MS_20, 500), "half a second of silence the publisher did not send");
        assertEquals(48 * 520, t.timestamp(MS_20, 520));
        assertEquals(48 * 600, t.timestamp(MS_20, 600), "60 ms off the clock, more than the 40 it tolerates");
    }

    @Test
    void aMalformedPacketThrowsAndMovesNothing() {
        OpusTimeline t = new OpusTimeline();
        t.timestamp(MS_20, 0);
        assertThrows(MalformedMediaException.class, () -> t.timestamp(new byte[0], 20));
        assertEquals(960, t.timestamp(MS_20, 20));
    }
}
