package io.braid.media;

/**
 * One raw AAC frame (no ADTS header) at {@code data[offset, offset+length)}, presented at {@code ptsMs}.
 * {@code flvBody}: the FLV audio tag body it arrived in, or null (see {@link VideoFrame}).
 */
public record AudioFrame(long ptsMs, byte[] data, int offset, int length, byte[] flvBody) {
    /** A frame that did not arrive as FLV. */
    public AudioFrame(long ptsMs, byte[] data, int offset, int length) {
        this(ptsMs, data, offset, length, null);
    }
}
