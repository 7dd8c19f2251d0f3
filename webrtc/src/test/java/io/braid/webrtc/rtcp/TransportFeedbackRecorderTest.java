package io.braid.webrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The feedback decodes (by the draft's rules, written out here on their own) to what was recorded, to 250 µs. */
class TransportFeedbackRecorderTest {
    static final long US = 1_000;

    /** Sequence number -> arrival in µs from the reference time, or null for "not received". */
    static Map<Integer, Long> decode(byte[] packet) throws RtcpException {
        RtcpPacket.TransportFeedback header = (RtcpPacket.TransportFeedback) RtcpParser.parse(packet, 0, packet.length).getFirst();
        assertEquals(0, packet.length % 4);
        int at = 20;
        int count = header.statusCount();
        List<Integer> symbols = new ArrayList<>();
        while (symbols.size() < count) {
            int chunk = (packet[at] & 0xFF) << 8 | packet[at + 1] & 0xFF;
            at += 2;
            if ((chunk & 0x8000) == 0) {
                for (int i = 0; i < (chunk & 0x1FFF); i++) {
                    symbols.add(chunk >>> 13 & 3);
                }
            } else if ((chunk & 0x4000) == 0) {
                for (int i = 13; i >= 0; i--) {
                    symbols.add(chunk >>> i & 1);
                }
            } else {
                for (int i = 12; i >= 0; i -= 2) {
                    symbols.add(chunk >>> i & 3);
                }
            }
        }
        Map<Integer, Long> out = new LinkedHashMap<>();
        long time = 0;
        for (int i = 0; i < count; i++) {
            int seq = (header.baseSequence() + i) & 0xFFFF;
            int s = symbols.get(i);
            if (s == 0) {
                out.put(seq, null);
                continue;
            }
            int delta = s == 1 ? packet[at++] & 0xFF : (short) ((packet[at] & 0xFF) << 8 | packet[at + 1] & 0xFF);
            at += s == 2 ? 2 : 0;
            time += delta * 250L;
            out.put(seq, time);
        }
        return out;
    }

    @Test
    void arrivalsAndLossesComeBackToTheQuarterMillisecond() throws Exception {
        TransportFeedbackRecorder r = new TransportFeedbackRecorder();
        long start = 10_000_000 * US; // 10 s: the reference time is 156 * 64 ms, 16 ms before the first packet
        Map<Integer, Long> sent = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            int seq = (65_520 + i) & 0xFFFF; // across the wrap
            if (i % 9 == 4) {
                sent.put(seq, null);
                continue;
            }
            long at = start + i * 5_300 * US + (i == 30 ? 90_000 * US : 0); // one 90 ms stall: a large delta
            r.record(seq, at);
            sent.put(seq, at);
        }
        byte[] feedback = r.build(1, 2);
        RtcpPacket.TransportFeedback header = (RtcpPacket.TransportFeedback) RtcpParser.parse(feedback, 0, feedback.length).getFirst();
        assertEquals(65_520, header.baseSequence());
        assertEquals(40, header.statusCount());
        assertEquals(0, header.feedbackCount());
        assertEquals(156, header.referenceTime());
        Map<Integer, Long> got = decode(feedback);
        assertEquals(sent.keySet(), got.keySet());
        long reference = header.referenceTime() * 64_000 * US;
        for (Map.Entry<Integer, Long> e : sent.entrySet()) {
            if (e.getValue() == null) {
                assertNull(got.get(e.getKey()), "seq " + e.getKey() + " was lost");
            } else {
                long expectedUs = (e.getValue() - reference) / US;
                assertEquals(expectedUs, got.get(e.getKey()), 250, "seq " + e.getKey());
            }
        }
        assertNull(r.build(1, 2), "nothing new");
        r.record(20, start + 300_000 * US); // reported already (as not received): ignored
        r.record(30, start + 300_000 * US);
        byte[] next = r.build(1, 2);
        RtcpPacket.TransportFeedback second = (RtcpPacket.TransportFeedback) RtcpParser.parse(next, 0, next.length).getFirst();
        assertEquals(1, second.feedbackCount());
        assertEquals(24, second.baseSequence(), "the first number not yet reported: 65,520 + 40 after the wrap");
        assertEquals(7, second.statusCount(), "24 to 29 not received, then 30");
        Map<Integer, Long> got2 = decode(next);
        assertNull(got2.get(24));
        assertTrue(got2.get(30) != null);
    }

    @Test
    void packetsThatArriveOutOfOrderGetNegativeDeltas() throws Exception {
        TransportFeedbackRecorder r = new TransportFeedbackRecorder();
        r.record(100, 1_000_000 * US);
        r.record(102, 1_002_000 * US);
        r.record(101, 1_004_000 * US);
        r.record(101, 1_009_000 * US); // a duplicate keeps the first arrival
        Map<Integer, Long> got = decode(r.build(1, 2));
        assertEquals(List.of(100, 101, 102), new ArrayList<>(got.keySet()));
        assertEquals(got.get(100) + 4_000, got.get(101));
        assertEquals(got.get(100) + 2_000, got.get(102));
    }

    @Test
    void randomStreamsDecodeExactlyAndStayWithinTheWindow() throws Exception {
        Random random = new Random(15);
        TransportFeedbackRecorder r = new TransportFeedbackRecorder();
        long now = 5_000_000 * US;
        int seq = random.nextInt(65_536);
        for (int round = 0; round < 200; round++) {
            Map<Integer, Long> sent = new LinkedHashMap<>();
            int n = 1 + random.nextInt(300);
            for (int i = 0; i < n; i++) {
                now += random.nextInt(3) == 0 ? random.nextInt(70_000) * US : random.nextInt(1_000) * US;
                if (random.nextInt(20) != 0 || i == 0) {
                    r.record(seq, now);
                    sent.put(seq, now);
                }
                seq = (seq + 1) & 0xFFFF;
            }
            byte[] feedback = r.build(1, 2);
            Map<Integer, Long> got = decode(feedback);
            RtcpPacket.TransportFeedback header = (RtcpPacket.TransportFeedback) RtcpParser.parse(feedback, 0, feedback.length).getFirst();
            long reference = header.referenceTime() * 64_000L * US;
            for (Map.Entry<Integer, Long> e : sent.entrySet()) {
                assertEquals((e.getValue() - reference) / US, got.get(e.getKey()), 250, "round " + round + " seq " + e.getKey());
            }
            assertTrue(got.size() <= TransportFeedbackRecorder.MAX_STATUSES);
        }
    }

    @Test
    void aNumberFarAheadStartsANewWindowInsteadOfGrowingIt() throws Exception {
        TransportFeedbackRecorder r = new TransportFeedbackRecorder();
        r.record(1, 0);
        r.record(1 + TransportFeedbackRecorder.MAX_STATUSES + 5, 1_000 * US);
        Map<Integer, Long> got = decode(r.build(1, 2));
        assertEquals(1, got.size());
        assertTrue(got.containsKey(1 + TransportFeedbackRecorder.MAX_STATUSES + 5));
    }
}
