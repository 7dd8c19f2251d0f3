package io.braid.media;

/** One Opus packet as the publisher encoded it (RFC 6716), presented at {@code ptsMs}. */
public record OpusFrame(long ptsMs, byte[] data) {
}
