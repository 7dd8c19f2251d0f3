package io.braid.media;

/** One raw AAC frame (no ADTS header) at {@code data[offset, offset+length)}, presented at {@code ptsMs}. */
public record AudioFrame(long ptsMs, byte[] data, int offset, int length) {
}
