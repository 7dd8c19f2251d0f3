package io.braid.webrtc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
    static final long MS = 1_000_000;

    static ReceivedRtp packet(int sequence) {
        byte[] b = RtpPacket.of(96, false, sequence & 0xFFFF, 0, 1, new byte[] {1}, 0, 1).bytes();
        return ReceivedRtp.parse(b, 0, b.length);
    }

    static List<Integer> sequences(ReorderBuffer.Released r) {
        return r.packets().stream().map(ReceivedRtp::sequence).toList();
    }

    @Test
    void packetsComeOutInOrderAcrossTheWrap() {
        ReorderBuffer b = new ReorderBuffer(64, 100 * MS, 3);
        assertEquals(List.of(65534), sequences(b.push(packet(65534), 0)));
        assertEquals(List.of(), sequences(b.push(packet(0), 0)), "65535 is missing");
        assertEquals(List.of(65535, 0), sequences(b.push(packet(65535), MS)));
        assertEquals(List.of(1), sequences(b.push(packet(1), MS)));
        assertEquals(0, b.lost());
    }

    @Test
    void duplicatesAndLatePacketsAreDropped() {
        ReorderBuffer b = new ReorderBuffer(64, 100 * MS, 3);
        b.push(packet(10), 0);
        b.push(packet(12), 0);
        assertEquals(List.of(), sequences(b.push(packet(12), 0)));
        assertEquals(1, b.duplicates());
        assertEquals(List.of(11, 12), sequences(b.push(packet(11), 0)));
        assertEquals(List.of(), sequences(b.push(packet(10), 0)));
        assertEquals(1, b.late());
    }

    @Test
    void aGapWaitsForItsRetransmissionThenIsGivenUp() {
        ReorderBuffer b = new ReorderBuffer(64, 100 * MS, 3);
        b.push(packet(1), 0);
        b.push(packet(3), 10 * MS);
        b.push(packet(4), 20 * MS);
        assertEquals(ReorderBuffer.Released.NONE, b.poll(109 * MS), "packet 3 has waited 99 ms");
        ReorderBuffer.Released r = b.poll(110 * MS);
        assertEquals(List.of(3, 4), sequences(r));
        assertEquals(1, r.lost());
        assertEquals(1, b.lost());
        assertEquals(0, b.held());
        assertEquals(List.of(), sequences(b.push(packet(2), 111 * MS)), "its retransmission came too late");
    }

    @Test
    void missingPacketsAreNackedAtMostTheirLimitAndOncePerInterval() {
        ReorderBuffer b = new ReorderBuffer(64, 1_000 * MS, 2);
        b.push(packet(100), 0);
        b.push(packet(103), 0);
        assertEquals(List.of(101, 102), b.nacksDue(0, 20 * MS));
        assertEquals(List.of(), b.nacksDue(10 * MS, 20 * MS), "asked 10 ms ago");
        b.push(packet(101), 15 * MS);
        assertEquals(List.of(102), b.nacksDue(20 * MS, 20 * MS));
        assertEquals(List.of(), b.nacksDue(60 * MS, 20 * MS), "asked twice: the limit");
        b.push(packet(102), 70 * MS);
        assertEquals(List.of(), b.nacksDue(80 * MS, 20 * MS));
        // The slot's bookkeeping starts afresh for the packet that later takes it (100 + 64).
        b.push(packet(104), 80 * MS);
        b.push(packet(166), 80 * MS);
        assertTrue(b.nacksDue(80 * MS, 20 * MS).contains(164));
    }

    @Test
    void aPacketAskedForOnceTimesTheRoundTripAndOneAskedForTwiceDoesNot() {
        ReorderBuffer b = new ReorderBuffer(64, 1_000 * MS, 3);
        assertEquals(-1, b.roundTripNanos(), "no sample before a repair");
        b.push(packet(1), 0);
        b.push(packet(3), 0);
        assertEquals(List.of(2), b.nacksDue(0, 40 * MS));
        b.push(packet(2), 12 * MS);
        assertEquals(12 * MS, b.roundTripNanos());
        assertEquals(1, b.recovered());

        b.push(packet(5), 20 * MS);
        assertEquals(List.of(4), b.nacksDue(20 * MS, 40 * MS));
        assertEquals(List.of(4), b.nacksDue(60 * MS, 40 * MS), "asked again after the interval");
        b.push(packet(4), 65 * MS); // an answer to the first NACK or to the second: no sample (Karn)
        assertEquals(12 * MS, b.roundTripNanos());
        assertEquals(2, b.recovered());

        b.push(packet(7), 70 * MS);
        b.nacksDue(70 * MS, 40 * MS);
        b.push(packet(6), 90 * MS);
        assertEquals(12 * MS + (20 * MS - 12 * MS) / 8, b.roundTripNanos(), "smoothed as TCP's SRTT, one eighth per sample");
        b.push(packet(8), 91 * MS);
        assertEquals(3, b.recovered(), "a packet never NACKed is no repair");
    }

    @Test
    void aSequenceJumpRestartsTheWindowInsteadOfHoldingForever() {
        ReorderBuffer b = new ReorderBuffer(64, 1_000 * MS, 3);
        b.push(packet(1), 0);
        b.push(packet(3), 0);
        ReorderBuffer.Released r = b.push(packet(30_000), 0);
        assertEquals(List.of(3, 30_000), sequences(r), "what was held, then the new start");
        assertEquals(1, b.resets());
        assertEquals(List.of(30_001), sequences(b.push(packet(30_001), 0)));
        // Backwards by more than the window: a restarted sender, not a late packet.
        assertEquals(List.of(29_000), sequences(b.push(packet(29_000), 0)));
        assertEquals(List.of(29_001), sequences(b.push(packet(29_001), 0)));
        assertEquals(2, b.resets());
    }

    /**
     * A stream of 20,000 packets reordered, duplicated and thinned at random: what comes out is strictly in order,
     * never twice, the buffer never holds more than its capacity, and every sequence number is either released or
     * counted lost.
     */
    @Test
    void shuffledDuplicatedAndLossyInputComesOutInOrderWithEveryNumberAccountedFor() {
        Random random = new Random(7);
        ReorderBuffer b = new ReorderBuffer(128, 50 * MS, 3);
        List<Integer> sent = new ArrayList<>();
        int total = 20_000; // below 65,536: no wrap to undo in the order check
        for (int s = 0; s < total; s++) {
            if (random.nextInt(100) >= 3) {
                sent.add(s);
                if (random.nextInt(100) < 2) {
                    sent.add(s);
                }
            }
        }
        for (int i = 0; i + 8 <= sent.size(); i += 8) {
            Collections.shuffle(sent.subList(i, i + 8), random);
        }
        long expected = -1;
        long released = 0;
        long now = 0;
        for (int s : sent) {
            now += MS;
            ReorderBuffer.Released r = b.push(packet(s), now);
            for (ReceivedRtp p : r.packets()) {
                assertTrue(p.sequence() > expected, "in order: " + p.sequence() + " after " + expected);
                expected = p.sequence();
                released++;
            }
            assertTrue(b.held() <= 128);
        }
        ReorderBuffer.Released r = b.poll(now + 1_000 * MS);
        released += r.packets().size();
        assertEquals(0, b.held());
        // From the first packet pushed to the highest: released or lost (the ones below the first came late).
        int highest = Collections.max(sent);
        assertEquals(highest - sent.getFirst() + 1, released + b.lost(), "released " + released + ", lost " + b.lost());
    }
}
