package io.braid.webrtc.rtp;

/** 16-bit RTP (and transport-wide) sequence numbers unwrapped into a count that never wraps. */
public final class SequenceNumbers {
    private SequenceNumbers() {
    }

    /**
     * The extended number of a 16-bit one: the candidate nearest to {@code highest}, the highest extended number seen
     * so far (-1 for none). The first one is placed one cycle up, leaving room below it for packets that arrive late.
     */
    public static long extend(long highest, int sequence) {
        sequence &= 0xFFFF;
        if (highest < 0) {
            return (1L << 16) + sequence;
        }
        long candidate = (highest & ~0xFFFFL) | sequence;
        if (candidate - highest > 0x8000) {
            candidate -= 0x10000;
        } else if (highest - candidate > 0x8000) {
            candidate += 0x10000;
        }
        return candidate;
    }
}
