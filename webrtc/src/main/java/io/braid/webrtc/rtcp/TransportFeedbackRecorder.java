package io.braid.webrtc.rtcp;

import io.braid.webrtc.rtp.SequenceNumbers;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01), the receiver's
 * half: every arriving packet's transport-wide sequence number and arrival time are recorded, and {@link #build}
 * turns what came since the last feedback into one RTCP transport feedback packet (RTPFB, FMT 15): which numbers
 * arrived, and when, to 250 µs. A browser's bandwidth estimate (and so its encoder's rate) only ramps up with it.
 * Bounded: at most {@link #MAX_STATUSES} numbers per feedback; a number far outside the window starts a new one.
 * Not thread-safe.
 */
public final class TransportFeedbackRecorder {
    public static final int MAX_STATUSES = 1 << 13;
    private static final long DELTA_UNIT_NANOS = 250_000;
    private static final long REFERENCE_UNIT_NANOS = 64_000_000;
    private static final int NOT_RECEIVED = 0;
    private static final int SMALL_DELTA = 1;
    private static final int LARGE_DELTA = 2;

    /** Arrival time per sequence number since {@link #base}, -1 for none yet. */
    private final long[] arrivals = new long[MAX_STATUSES];
    /** The extended sequence number of arrivals[0]; -1 before the first packet. */
    private long base = -1;
    /** One past the highest extended sequence number recorded. */
    private long end;
    /** The highest extended sequence number seen; -1 before the first packet. */
    private long highestExtended = -1;
    private int feedbackCount;

    public TransportFeedbackRecorder() {
        Arrays.fill(arrivals, -1);
    }

    /** A packet with this transport-wide sequence number arrived at {@code arrivalNanos} (a monotonic clock). */
    public void record(int sequence, long arrivalNanos) {
        long ext = SequenceNumbers.extend(highestExtended, sequence);
        highestExtended = Math.max(highestExtended, ext);
        if (base < 0) {
            base = ext;
            end = ext;
        }
        if (ext < base) {
            return; // reported already (or given up as not received)
        }
        if (ext - base >= MAX_STATUSES) {
            // Too far ahead for one feedback: start the window at this packet (the ones between count as lost
            // for the sender, which is what they most likely are).
            Arrays.fill(arrivals, -1);
            base = ext;
            end = ext;
        }
        int i = (int) (ext - base);
        if (arrivals[i] < 0) {
            arrivals[i] = Math.max(0, arrivalNanos);
        }
        end = Math.max(end, ext + 1);
    }

    /** Whether there is something to report. */
    public boolean pending() {
        return base >= 0 && end > base;
    }

    /**
     * The feedback for every number since the last one up to the highest that arrived, or null when nothing arrived
     * since; the next feedback starts after it.
     */
    public byte[] build(int senderSsrc, int mediaSsrc) {
        if (!pending()) {
            return null;
        }
        // The window starts at the first number not yet reported, so that numbers missing since the last feedback
        // are reported as not received; the reference time is the first arrival's.
        int first = 0;
        int statusCount = (int) (end - base);
        while (first < statusCount && arrivals[first] < 0) {
            first++;
        }
        if (first == statusCount) {
            return null;
        }
        long reference = Math.floorDiv(arrivals[first], REFERENCE_UNIT_NANOS);
        int[] symbols = new int[statusCount];
        ByteArrayOutputStream deltas = new ByteArrayOutputStream();
        long previous = reference * REFERENCE_UNIT_NANOS;
        for (int i = 0; i < statusCount; i++) {
            long at = arrivals[i];
            if (at < 0) {
                symbols[i] = NOT_RECEIVED;
                continue;
            }
            long delta = Math.floorDiv(at, DELTA_UNIT_NANOS) - Math.floorDiv(previous, DELTA_UNIT_NANOS);
            if (delta >= 0 && delta <= 255) {
                symbols[i] = SMALL_DELTA;
                deltas.write((int) delta);
            } else {
                symbols[i] = LARGE_DELTA;
                int d = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, delta));
                deltas.write(d >>> 8);
                deltas.write(d);
            }
            previous = at;
        }
        ByteArrayOutputStream fci = new ByteArrayOutputStream();
        int baseSequence = (int) (base & 0xFFFF);
        fci.write(baseSequence >>> 8);
        fci.write(baseSequence);
        fci.write(statusCount >>> 8);
        fci.write(statusCount);
        fci.write((int) (reference >>> 16));
        fci.write((int) (reference >>> 8));
        fci.write((int) reference);
        fci.write(feedbackCount);
        feedbackCount = (feedbackCount + 1) & 0xFF;
        writeChunks(symbols, fci);
        fci.writeBytes(deltas.toByteArray());
        // Start after what was reported.
        Arrays.fill(arrivals, -1);
        base = end;
        return new RtcpWriter().transportFeedback(senderSsrc, mediaSsrc, fci.toByteArray()).build();
    }

    /** Run-length chunks for runs of one symbol, two-bit status vectors (7 symbols) for the rest. */
    private static void writeChunks(int[] symbols, ByteArrayOutputStream out) {
        int i = 0;
        while (i < symbols.length) {
            int run = 1;
            while (i + run < symbols.length && symbols[i + run] == symbols[i] && run < 0x1FFF) {
                run++;
            }
            int chunk;
            if (run >= 7 || i + run == symbols.length) {
                chunk = symbols[i] << 13 | run;
                i += run;
            } else {
                chunk = 0xC000; // status vector, two-bit symbols
                for (int k = 0; k < 7; k++) {
                    int symbol = i + k < symbols.length ? symbols[i + k] : NOT_RECEIVED;
                    chunk |= symbol << (12 - 2 * k);
                }
                i += 7;
            }
            out.write(chunk >>> 8);
            out.write(chunk);
        }
    }
}
