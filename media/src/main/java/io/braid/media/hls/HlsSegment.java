package io.braid.media.hls;

/** One finished media segment, immutable once published. */
public record HlsSegment(long sequence, String name, byte[] data, double durationSeconds, long programDateTimeMs, boolean discontinuity) {
}
