package io.braid.webrtc.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.MalformedMediaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our packetizer's output (every NAL size and payload budget) depacketizes back; losses and garbage drop pictures. */
class H264DepacketizerTest {
    static final byte[] SPS = H264PacketizerTest.SPS;
    static final byte[] PPS = H264PacketizerTest.PPS;

    static ReceivedRtp received(RtpPacket p) {
        return ReceivedRtp.parse(p.bytes(), 0, p.length());
    }

    /** A GOP: an IDR picture then P pictures, each one slice of a size that grows through the fragment sizes. */
    static List<List<byte[]>> pictures(Random random, int count, int maxSize) {
        List<List<byte[]>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int size = 1 + random.nextInt(maxSize);
            out.add(List.of(H264PacketizerTest.nal(random, size, i == 0 ? 5 : 1)));
        }
        return out;
    }

    @Test
    void everyPictureComesBackWhole() {
        Random random = new Random(6184);
        for (int budget : new int[] {100, 101, 777, 1188}) {
            H264Packetizer packetizer = packetizer(budget);
            List<H264AccessUnit> got = new ArrayList<>();
            H264Depacketizer d = new H264Depacketizer(got::add);
            List<List<byte[]>> sent = pictures(random, 300, 4 * budget);
            for (int i = 0; i < sent.size(); i++) {
                for (RtpPacket p : packetizer.packetize(sent.get(i), 3000L * i)) {
                    d.push(received(p));
                }
            }
            assertEquals(sent.size(), got.size(), "budget " + budget);
            assertTrue(got.getFirst().keyframe());
            assertEquals(3, got.getFirst().nals().size(), "SPS and PPS from the STAP-A, then the IDR");
            assertArrayEquals(SPS, got.getFirst().nals().get(0));
            for (int i = 0; i < sent.size(); i++) {
                List<byte[]> nals = got.get(i).nals();
                assertArrayEquals(sent.get(i).getFirst(), nals.getLast(), "picture " + i);
                assertEquals(3000L * i, got.get(i).timestamp90k());
            }
            assertEquals(0, d.counters().dropped());
        }
    }

    @Test
    void aLostFragmentDropsItsPictureAndTheRestUntilTheNextKeyframe() {
        H264Packetizer packetizer = packetizer(200);
        List<H264AccessUnit> got = new ArrayList<>();
        H264Depacketizer d = new H264Depacketizer(got::add);
        Random random = new Random(1);
        feed(d, packetizer.packetize(List.of(H264PacketizerTest.nal(random, 1000, 5)), 0));
        List<RtpPacket> p1 = packetizer.packetize(List.of(H264PacketizerTest.nal(random, 1000, 1)), 3000);
        d.push(received(p1.get(0)));
        d.lost(); // the second fragment never came
        for (int i = 2; i < p1.size(); i++) {
            d.push(received(p1.get(i)));
        }
        assertTrue(d.keyframeWanted());
        feed(d, packetizer.packetize(List.of(H264PacketizerTest.nal(random, 300, 1)), 6000));
        assertEquals(1, got.size(), "the broken P picture and the one after it are dropped");
        feed(d, packetizer.packetize(List.of(H264PacketizerTest.nal(random, 300, 5)), 9000));
        feed(d, packetizer.packetize(List.of(H264PacketizerTest.nal(random, 300, 1)), 12000));
        assertEquals(3, got.size());
        assertFalse(d.keyframeWanted());
        assertEquals(2, d.counters().dropped());
    }

    @Test
    void aPictureWhoseMarkerWasLostEndsWhenTheTimestampChanges() {
        H264Packetizer packetizer = packetizer(1188);
        List<H264AccessUnit> got = new ArrayList<>();
        H264Depacketizer d = new H264Depacketizer(got::add);
        Random random = new Random(2);
        for (RtpPacket p : packetizer.packetize(List.of(H264PacketizerTest.nal(random, 500, 5)), 0)) {
            byte[] b = p.bytes().clone();
            b[1] &= 0x7F; // a sender that sets no marker
            d.push(ReceivedRtp.parse(b, 0, b.length));
        }
        assertEquals(0, got.size());
        feed(d, packetizer.packetize(List.of(H264PacketizerTest.nal(random, 500, 1)), 3000));
        assertEquals(2, got.size());
    }

    /** Mutated, truncated and reordered packets of a real GOP: only pictures or drops, no exception, bounded state. */
    @Test
    void mutatedPacketsNeverThrowAndNeverGrowWithoutBound() {
        Random random = new Random(9);
        H264Packetizer packetizer = packetizer(300);
        List<RtpPacket> packets = new ArrayList<>();
        List<List<byte[]>> sent = pictures(random, 60, 3000);
        for (int i = 0; i < sent.size(); i++) {
            packets.addAll(packetizer.packetize(sent.get(i), 3000L * i));
        }
        int[] pictures = {0};
        H264Depacketizer d = new H264Depacketizer(au -> {
            pictures[0]++;
            int bytes = 0;
            for (byte[] nal : au.nals()) {
                assertTrue(nal.length > 0);
                bytes += nal.length;
            }
            assertTrue(bytes <= H264Depacketizer.MAX_ACCESS_UNIT_BYTES && au.nals().size() <= H264Depacketizer.MAX_NALS);
        });
        for (int round = 0; round < 300; round++) {
            for (RtpPacket p : packets) {
                byte[] b = p.bytes().clone();
                if (random.nextInt(4) == 0) {
                    b[12 + random.nextInt(Math.min(4, b.length - 12))] = (byte) random.nextInt(256);
                }
                int len = random.nextInt(10) == 0 ? 12 + random.nextInt(b.length - 11) : b.length;
                try {
                    d.push(ReceivedRtp.parse(b, 0, len));
                } catch (MalformedMediaException refusedByTheRtpParser) {
                    // only the RTP header parser may refuse; the depacketizer counts and drops
                }
                if (random.nextInt(50) == 0) {
                    d.lost();
                }
            }
        }
        H264Depacketizer.Counters c = d.counters();
        assertTrue(c.malformed() + c.unsupported() > 100, c.toString());
        assertTrue(pictures[0] > 0 && c.dropped() > 0, c + ", " + pictures[0] + " pictures");
    }

    @Test
    void aPictureOverTheLimitIsDropped() {
        List<H264AccessUnit> got = new ArrayList<>();
        H264Depacketizer d = new H264Depacketizer(got::add);
        byte[] big = new byte[60_000];
        big[0] = 0x65;
        H264Packetizer packetizer = new H264Packetizer(1188, 102, 7, 0);
        int pieces = H264Depacketizer.MAX_ACCESS_UNIT_BYTES / big.length + 2;
        List<byte[]> nals = new ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            nals.add(big);
        }
        feed(d, packetizer.packetize(nals, 0));
        assertEquals(0, got.size());
        assertEquals(1, d.counters().dropped());
    }

    /** A packetizer with the test's parameter sets, its sequence numbers about to wrap. */
    static H264Packetizer packetizer(int budget) {
        H264Packetizer p = new H264Packetizer(budget, 102, 7, 65_500);
        p.parameterSets(SPS, PPS);
        return p;
    }

    static void feed(H264Depacketizer d, List<RtpPacket> packets) {
        for (RtpPacket p : packets) {
            d.push(received(p));
        }
    }
}
