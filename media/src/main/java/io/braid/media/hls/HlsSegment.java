package io.braid.media.hls;

import io.braid.media.ChunkedBytes;

/** One finished media segment, immutable once published. */
public record HlsSegment(long sequence, String name, ChunkedBytes data, double durationSeconds, long programDateTimeMs, boolean discontinuity) {
}
