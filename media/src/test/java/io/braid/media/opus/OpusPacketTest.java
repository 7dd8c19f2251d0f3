package io.braid.media.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.braid.media.MalformedMediaException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpusPacketTest {
    private static int samples(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return OpusPacket.samples48k(b, 0, b.length);
    }

    @Test
    void theTocSaysHowMuchAudioAPacketCarries() {
        assertEquals(960, samples(0xFC, 0xFF), "CELT fullband 20 ms, one frame: WebRTC's usual packet");
        assertEquals(1920, samples(0x10), "SILK narrowband 40 ms");
        assertEquals(2880, samples(0x18), "SILK 60 ms");
        assertEquals(480, samples(0x60), "hybrid 10 ms");
        assertEquals(120, samples(0x80), "CELT 2.5 ms");
        assertEquals(1920, samples(0xFD, 1, 2), "code 1: two 20 ms frames");
        assertEquals(1920, samples(0xFE, 1, 2), "code 2: two 20 ms frames of different sizes");
        assertEquals(5760, samples(0xFF, 6), "code 3: six 20 ms frames, RFC 6716's 120 ms");
    }

    @Test
    void packetsADecoderWouldRefuseAreRefused() {
        assertThrows(MalformedMediaException.class, () -> samples());
        assertThrows(MalformedMediaException.class, () -> samples(0xFF), "code 3 without its count");
        assertThrows(MalformedMediaException.class, () -> samples(0xFF, 0), "code 3 with no frames");
        assertThrows(MalformedMediaException.class, () -> samples(0xFF, 7), "140 ms");
        assertThrows(MalformedMediaException.class, () -> samples(0x1B, 3), "three 60 ms frames");
    }

    /** Any bytes: a count or a MalformedMediaException, never another failure. */
    @Test
    void randomPacketsFailOnlyAsMalformed() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(4)];
            random.nextBytes(b);
            try {
                int n = OpusPacket.samples48k(b, 0, b.length);
                assertEquals(0, n % 120, "a whole number of 2.5 ms steps");
            } catch (MalformedMediaException expected) {
                // refused with a reason
            }
        }
    }
}
