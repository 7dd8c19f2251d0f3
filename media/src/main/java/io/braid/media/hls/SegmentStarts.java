package io.braid.media.hls;

/**
 * Where a source stream's recent segments started: the presentation time of each segment's first keyframe and its
 * sequence number. Written by the source's publisher thread, read by its renditions' publisher threads; a small ring,
 * since a rendition runs at most a few seconds behind its source.
 */
final class SegmentStarts {
    private static final int KEPT = 64;
    /** Milliseconds of slack: timestamps pass through the transcoder's 1/1000 time base unchanged, so 1 is plenty. */
    private static final long TOLERANCE_MS = 1;

    private final long[] pts = new long[KEPT];
    private final long[] sequences = new long[KEPT];
    private int count;

    synchronized void add(long ptsMs, long sequence) {
        int i = count % KEPT;
        pts[i] = ptsMs;
        sequences[i] = sequence;
        count++;
    }

    /** @return the sequence number of the segment that started at {@code ptsMs}, or -1 */
    synchronized long sequenceAt(long ptsMs) {
        for (int n = 0; n < Math.min(count, KEPT); n++) {
            int i = (count - 1 - n) % KEPT;
            if (Math.abs(pts[i] - ptsMs) <= TOLERANCE_MS) {
                return sequences[i];
            }
        }
        return -1;
    }
}
