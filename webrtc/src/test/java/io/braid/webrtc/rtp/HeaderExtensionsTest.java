package io.braid.webrtc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.MalformedMediaException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeaderExtensionsTest {
    /** An RTP packet with the given extension profile and block (a whole number of 32-bit words). */
    static ReceivedRtp withExtension(int profile, int... words) {
        byte[] block = new byte[words.length];
        for (int i = 0; i < words.length; i++) {
            block[i] = (byte) words[i];
        }
        return withExtension(profile, block);
    }

    static ReceivedRtp withExtension(int profile, byte[] block) {
        byte[] b = new byte[12 + 4 + block.length + 2];
        b[0] = (byte) 0x90;
        b[1] = 96;
        b[12] = (byte) (profile >>> 8);
        b[13] = (byte) profile;
        b[15] = (byte) (block.length / 4);
        System.arraycopy(block, 0, b, 16, block.length);
        b[b.length - 2] = 0x41;
        return ReceivedRtp.parse(b, 0, b.length);
    }

    @Test
    void oneByteElementsAreFoundPastPaddingAndOtherElements() {
        // id 1 (3 bytes: audio level + 2), padding, id 3 (2 bytes: transport-wide sequence 0x1234), padding
        ReceivedRtp p = withExtension(0xBEDE, 0x12, 9, 9, 9, 0, 0x31, 0x12, 0x34);
        assertEquals(0x1234, HeaderExtensions.transportSequence(p, 3));
        assertEquals(-1, HeaderExtensions.transportSequence(p, 5));
        assertEquals(2, p.payloadLength(), "the payload starts after the block");
    }

    @Test
    void twoByteElementsToo() {
        ReceivedRtp p = withExtension(0x1000, 7, 2, 0xAB, 0xCD);
        assertEquals(0xABCD, HeaderExtensions.transportSequence(p, 7));
    }

    @Test
    void reservedIdsAndElementsPastTheBlockReadAsAbsent() {
        assertEquals(-1, HeaderExtensions.transportSequence(withExtension(0xBEDE, 0xF1, 0x12, 0x34, 0), 3), "id 15 stops reading");
        assertEquals(-1, HeaderExtensions.transportSequence(withExtension(0xBEDE, 0, 0, 0x3F, 0x12), 3), "16 bytes in a 4-byte block");
        assertNull(HeaderExtensions.find(withExtension(0x1234, 0x31, 0x12, 0x34, 0), 3), "an unknown profile");
    }

    @Test
    void mutatedBlocksNeverReadOutsideThePacket() {
        Random random = new Random(8285);
        for (int i = 0; i < 100_000; i++) {
            byte[] block = new byte[4 * (1 + random.nextInt(4))];
            random.nextBytes(block);
            try {
                ReceivedRtp p = withExtension(random.nextBoolean() ? 0xBEDE : 0x1000 | random.nextInt(16), block);
                int[] e = HeaderExtensions.find(p, 1 + random.nextInt(14));
                assertTrue(e == null || e[0] >= 16 && e[0] + e[1] <= 16 + block.length);
            } catch (MalformedMediaException refused) {
                // the RTP parser may refuse the packet as a whole
            }
        }
    }
}
