package io.braid.webrtc.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packetized frames depacketize (RFC 6184 rules, written out here independently) to the same NAL units. */
class H264PacketizerTest {
    static final byte[] SPS = {0x67, 0x64, 0x00, 0x1f, (byte) 0xac, 0x2b};
    static final byte[] PPS = {0x68, (byte) 0xee, 0x3c, (byte) 0xb0};

    @Test
    void everyNalSizeAndBudgetReassembles() {
        Random random = new Random(6184);
        for (int budget : new int[] {100, 101, 500, 1100, 1200}) {
            H264Packetizer p = new H264Packetizer(budget, 102, 7, 65530);
            p.parameterSets(SPS, PPS);
            for (int size = 1; size < 3 * budget + 5; size += 1 + size / 40) {
                byte[] slice = nal(random, size, 1);
                List<RtpPacket> packets = p.packetize(List.of(slice), 9000);
                assertEquals(List.of(slice).size(), depacketize(packets).size());
                assertArrayEquals(slice, depacketize(packets).get(0), "size " + size + " budget " + budget);
                for (RtpPacket rtp : packets) {
                    assertTrue(rtp.payloadLength() <= budget);
                    assertEquals(9000, rtp.timestamp());
                }
                assertTrue(packets.getLast().marker());
                assertFalse(packets.size() > 1 && packets.get(0).marker());
            }
        }
    }

    @Test
    void idrGetsTheParameterSetsInOneStapAFirstAndSequenceNumbersWrap() {
        H264Packetizer p = new H264Packetizer(1100, 102, 7, 65535);
        p.parameterSets(SPS, PPS);
        byte[] aud = {0x09, (byte) 0xf0};
        byte[] idr = nal(new Random(1), 5000, 5);
        List<RtpPacket> packets = p.packetize(List.of(aud, idr), 1);
        assertEquals(24, packets.get(0).bytes()[12] & 0x1F, "STAP-A first");
        List<byte[]> nals = depacketize(packets);
        assertEquals(3, nals.size(), "SPS, PPS, IDR; the AUD is dropped");
        assertArrayEquals(SPS, nals.get(0));
        assertArrayEquals(PPS, nals.get(1));
        assertArrayEquals(idr, nals.get(2));
        assertEquals(65535, packets.get(0).sequence());
        assertEquals(0, packets.get(1).sequence());
        // A frame that carries its own SPS/PPS gets no extra copy.
        List<byte[]> inband = depacketize(p.packetize(List.of(SPS, PPS, idr), 2));
        assertEquals(3, inband.size());
    }

    static byte[] nal(Random random, int size, int type) {
        byte[] n = new byte[size];
        random.nextBytes(n);
        n[0] = (byte) (0x60 | type);
        return n;
    }

    /** A minimal RFC 6184 depacketizer for packetization-mode 1. */
    static List<byte[]> depacketize(List<RtpPacket> packets) {
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream fragment = null;
        for (RtpPacket p : packets) {
            byte[] b = p.bytes();
            int type = b[12] & 0x1F;
            if (type == 24) {
                int at = 13;
                while (at + 2 <= b.length) {
                    int n = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
                    byte[] nal = new byte[n];
                    System.arraycopy(b, at + 2, nal, 0, n);
                    out.add(nal);
                    at += 2 + n;
                }
            } else if (type == 28) {
                boolean start = (b[13] & 0x80) != 0;
                boolean end = (b[13] & 0x40) != 0;
                if (start) {
                    fragment = new ByteArrayOutputStream();
                    fragment.write((b[12] & 0xE0) | (b[13] & 0x1F));
                }
                fragment.write(b, 14, b.length - 14);
                if (end) {
                    out.add(fragment.toByteArray());
                    fragment = null;
                }
            } else {
                byte[] nal = new byte[b.length - 12];
                System.arraycopy(b, 12, nal, 0, nal.length);
                out.add(nal);
            }
        }
        return out;
    }
}
