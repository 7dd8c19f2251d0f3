package io.braid.webrtc.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.MalformedMediaException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReceivedRtpTest {
    static final byte[] PAYLOAD = {0x65, 1, 2, 3, 4, 5};

    /** A packet with two CSRCs, a one-word header extension and three bytes of padding. */
    static byte[] fullPacket() {
        byte[] b = new byte[12 + 8 + 4 + 4 + PAYLOAD.length + 3];
        b[0] = (byte) (0x80 | 0x20 | 0x10 | 2);
        b[1] = (byte) (0x80 | 102);
        b[2] = (byte) 0xFF;
        b[3] = (byte) 0xFE;
        b[4] = (byte) 0xF0;
        b[7] = 9;
        b[11] = 42;
        int at = 12 + 8;
        b[at] = (byte) 0xBE;
        b[at + 1] = (byte) 0xDE;
        b[at + 3] = 1; // one 32-bit word of extension
        at += 8;
        System.arraycopy(PAYLOAD, 0, b, at, PAYLOAD.length);
        b[b.length - 1] = 3;
        return b;
    }

    @Test
    void csrcsTheExtensionAndPaddingAreSteppedOver() {
        byte[] b = fullPacket();
        ReceivedRtp p = ReceivedRtp.parse(b, 0, b.length);
        assertEquals(102, p.payloadType());
        assertTrue(p.marker());
        assertEquals(0xFFFE, p.sequence());
        assertEquals(0xF0000009L, p.timestamp());
        assertEquals(42, p.ssrc());
        assertArrayEquals(PAYLOAD, Arrays.copyOfRange(p.bytes(), p.payloadOffset(), p.payloadOffset() + p.payloadLength()));
        b[13] = 0; // the packet is a copy: the receive buffer can be reused
        assertEquals(0x65, p.payloadByte(0));
    }

    @Test
    void lengthsThatDoNotFitAreRefusedWithAReason() {
        byte[] b = fullPacket();
        assertThrows(MalformedMediaException.class, () -> ReceivedRtp.parse(b, 0, 11));
        assertThrows(MalformedMediaException.class, () -> ReceivedRtp.parse(b, 0, 25), "ends inside the extension");
        byte[] zeroPadding = fullPacket();
        zeroPadding[zeroPadding.length - 1] = 0;
        assertThrows(MalformedMediaException.class, () -> ReceivedRtp.parse(zeroPadding, 0, zeroPadding.length));
        byte[] hugePadding = fullPacket();
        hugePadding[hugePadding.length - 1] = (byte) 200;
        MalformedMediaException e = assertThrows(MalformedMediaException.class, () -> ReceivedRtp.parse(hugePadding, 0, hugePadding.length));
        assertTrue(e.getMessage().contains("padding"), e.getMessage());
        byte[] version1 = fullPacket();
        version1[0] = (byte) (version1[0] & 0x3F | 0x40);
        assertThrows(MalformedMediaException.class, () -> ReceivedRtp.parse(version1, 0, version1.length));
    }

    /** Every mutation and truncation of a valid packet parses into bounds or is refused: nothing else is thrown. */
    @Test
    void mutatedPacketsParseWithinBoundsOrAreRefused() {
        Random random = new Random(3550);
        int refused = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] b = fullPacket();
            for (int m = random.nextInt(4); m >= 0; m--) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            int len = random.nextInt(4) == 0 ? random.nextInt(b.length + 1) : b.length;
            try {
                ReceivedRtp p = ReceivedRtp.parse(b, 0, len);
                assertTrue(p.payloadOffset() >= 12 && p.payloadLength() >= 0 && p.payloadOffset() + p.payloadLength() <= len);
            } catch (MalformedMediaException expected) {
                refused++;
            }
        }
        assertTrue(refused > 10_000, refused + " refused");
    }
}
