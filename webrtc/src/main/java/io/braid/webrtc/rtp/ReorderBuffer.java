package io.braid.webrtc.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One publisher SSRC's packets put back in sequence order (a receiver's jitter buffer, without playout timing):
 * duplicates and packets older than what was already released are dropped, a gap waits up to {@code maxHoldNanos}
 * for its retransmission, then is given up as lost. Memory is bounded by {@code capacity} packets whatever arrives:
 * a packet too far ahead flushes what is held and restarts the window there (a publisher that jumped its sequence).
 * The missing sequence numbers are offered for NACKs, each a bounded number of times. Not thread-safe: one
 * receiving thread per session.
 */
public final class ReorderBuffer {
    /** What a push or a poll releases: packets in order, and how many sequence numbers were given up before them. */
    public record Released(List<ReceivedRtp> packets, int lost) {
        static final Released NONE = new Released(List.of(), 0);
    }

    private final ReceivedRtp[] slots;
    private final long[] arrivals;
    private final int mask;
    private final long maxHoldNanos;
    private final int maxNacks;
    private final byte[] nacksSent;
    private final long[] lastNackNanos;
    /** The extended sequence number to release next; -1 before the first packet. */
    private long next = -1;
    /** The highest extended sequence number seen. */
    private long highest = -1;
    private int held;
    private long duplicates;
    private long late;
    private long lostTotal;
    private long resets;
    private long recovered;
    /** Smoothed NACK round trip (TCP's SRTT, RFC 6298), -1 before the first sample. */
    private long roundTripNanos = -1;

    /**
     * @param capacity     packets held at most (a power of two); also how far ahead of the next one a packet may be
     * @param maxHoldNanos how long a gap waits for its retransmission
     * @param maxNacks     how often one missing packet is asked for again
     */
    public ReorderBuffer(int capacity, long maxHoldNanos, int maxNacks) {
        if (Integer.bitCount(capacity) != 1 || capacity < 2 || capacity > 1 << 15) {
            throw new IllegalArgumentException("capacity must be a power of two between 2 and 32768, not " + capacity);
        }
        slots = new ReceivedRtp[capacity];
        arrivals = new long[capacity];
        nacksSent = new byte[capacity];
        lastNackNanos = new long[capacity];
        mask = capacity - 1;
        this.maxHoldNanos = maxHoldNanos;
        this.maxNacks = maxNacks;
    }

    /** One packet in; what it completes comes out, in order. */
    public Released push(ReceivedRtp p, long nowNanos) {
        long ext = SequenceNumbers.extend(highest, p.sequence());
        if (next < 0) {
            next = ext;
        }
        if (ext < next && next - ext <= slots.length) {
            late++; // released or given up already: a late retransmission or a duplicate of an old one
            return Released.NONE;
        }
        List<ReceivedRtp> out = new ArrayList<>();
        int lost = 0;
        if (ext - next >= slots.length || ext < next) {
            // Too far ahead to hold with the gap, or far behind everything (a sender that restarted its numbering):
            // give up what is missing before it and start again there.
            lost += drainAll(out);
            if (ext > next) {
                lost += (int) Math.min(Integer.MAX_VALUE, ext - next);
            }
            next = ext;
            highest = ext;
            resets++;
        }
        int slot = (int) (ext & mask);
        if (slots[slot] != null) {
            duplicates++;
            return out.isEmpty() && lost == 0 ? Released.NONE : new Released(out, lost);
        }
        if (nacksSent[slot] > 0) {
            recovered++;
            // Karn's rule: only a packet asked for once says how long the asking took; after several NACKs the
            // answer may be to any of them.
            if (nacksSent[slot] == 1) {
                long sample = nowNanos - lastNackNanos[slot];
                roundTripNanos = roundTripNanos < 0 ? sample : roundTripNanos + (sample - roundTripNanos) / 8;
            }
        }
        slots[slot] = p;
        arrivals[slot] = nowNanos;
        nacksSent[slot] = 0;
        held++;
        highest = Math.max(highest, ext);
        lost += release(out, nowNanos);
        lostTotal += lost;
        return new Released(out, lost);
    }

    /** Gives up gaps that waited too long; call it now and then when nothing arrives (a stalled sender). */
    public Released poll(long nowNanos) {
        if (held == 0) {
            return Released.NONE;
        }
        List<ReceivedRtp> out = new ArrayList<>();
        int lost = release(out, nowNanos);
        lostTotal += lost;
        return out.isEmpty() && lost == 0 ? Released.NONE : new Released(out, lost);
    }

    /**
     * The 16-bit sequence numbers missing between what was released and the highest seen that are due another NACK:
     * not asked for in the last {@code intervalNanos} (about one round trip) and asked for fewer than the maximum.
     */
    public List<Integer> nacksDue(long nowNanos, long intervalNanos) {
        if (held == 0) {
            return List.of();
        }
        List<Integer> due = new ArrayList<>();
        for (long s = next; s < highest; s++) {
            int slot = (int) (s & mask);
            // A missing packet's NACK bookkeeping lives in the slot it would occupy.
            if (slots[slot] == null && nacksSent[slot] < maxNacks && (nacksSent[slot] == 0 || nowNanos - lastNackNanos[slot] >= intervalNanos)) {
                nacksSent[slot]++;
                lastNackNanos[slot] = nowNanos;
                due.add((int) (s & 0xFFFF));
            }
        }
        return due;
    }

    private int release(List<ReceivedRtp> out, long nowNanos) {
        int lost = 0;
        while (held > 0) {
            int slot = (int) (next & mask);
            ReceivedRtp p = slots[slot];
            if (p != null) {
                out.add(p);
                slots[slot] = null;
                nacksSent[slot] = 0;
                held--;
                next++;
                continue;
            }
            // A gap at the head: skip it once the oldest packet behind it has waited long enough.
            long oldest = oldestArrival();
            if (nowNanos - oldest < maxHoldNanos) {
                break;
            }
            nacksSent[slot] = 0;
            next++;
            lost++;
        }
        return lost;
    }

    private long oldestArrival() {
        long oldest = Long.MAX_VALUE;
        for (long s = next; s <= highest; s++) {
            int slot = (int) (s & mask);
            if (slots[slot] != null) {
                oldest = Math.min(oldest, arrivals[slot]);
            }
        }
        return oldest;
    }

    private int drainAll(List<ReceivedRtp> out) {
        int lost = 0;
        for (; held > 0; next++) {
            int slot = (int) (next & mask);
            if (slots[slot] != null) {
                out.add(slots[slot]);
                slots[slot] = null;
                held--;
            } else {
                lost++;
            }
        }
        Arrays.fill(nacksSent, (byte) 0);
        return lost;
    }

    public int held() {
        return held;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Packets that came after their place had been released or given up. */
    public long late() {
        return late;
    }

    public long lost() {
        return lostTotal;
    }

    /** Packets that arrived after they were NACKed (retransmitted, or merely late). */
    public long recovered() {
        return recovered;
    }

    /**
     * The smoothed time from a NACK to the packet it asked for, counting only packets asked for once: the round trip
     * to the sender plus its retransmission delay (a receiver learns no other round trip from RTP); -1 without one.
     */
    public long roundTripNanos() {
        return roundTripNanos;
    }

    /** How often a packet too far ahead restarted the window. */
    public long resets() {
        return resets;
    }
}
