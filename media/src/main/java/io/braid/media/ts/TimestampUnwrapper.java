package io.braid.media.ts;

/**
 * MPEG-TS timestamps are 33 bits at 90 kHz and wrap every 26.5 hours. This turns them into a continuous count: a step
 * back of more than half the range is a wrap forward, so a long-running SRT contribution keeps increasing timestamps.
 */
final class TimestampUnwrapper {
    static final long RANGE = 1L << 33;
    private long offset;
    private long last = -1;

    long unwrap(long raw) {
        if (last >= 0) {
            long delta = raw - last;
            if (delta < -RANGE / 2) {
                offset += RANGE;
            } else if (delta > RANGE / 2 && offset >= RANGE) {
                offset -= RANGE; // a late timestamp from just before the wrap
            }
        }
        last = raw;
        return raw + offset;
    }
}
