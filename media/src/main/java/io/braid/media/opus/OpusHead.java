package io.braid.media.opus;

import io.braid.media.MalformedMediaException;

/**
 * Opus's identification header (RFC 7845 section 5.1): what a reader of the stream needs before its packets, as an
 * Enhanced RTMP sequence start and an MP4 {@code dOps} carry it. Only channel mapping family 0 (mono or stereo, the
 * family WebRTC's Opus uses) is written.
 */
public record OpusHead(int channels, int preSkip, int inputSampleRate) {
    /** The header's size with mapping family 0. */
    public static final int LENGTH = 19;
    private static final byte[] MAGIC = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd'};

    public OpusHead {
        if (channels < 1 || channels > 2 || preSkip < 0 || preSkip > 0xFFFF || inputSampleRate < 0) {
            throw new IllegalArgumentException("an Opus header of " + channels + " channels, pre-skip " + preSkip + ", rate " + inputSampleRate);
        }
    }

    /**
     * What RTP's Opus implies (RFC 7587): two channels as its SDP always says, 48 kHz, and no pre-skip, which the
     * stream does not carry (a receiver that starts in mid-stream has no encoder delay to skip).
     */
    public static OpusHead rtp() {
        return new OpusHead(2, 0, 48_000);
    }

    public byte[] bytes() {
        byte[] b = new byte[LENGTH];
        System.arraycopy(MAGIC, 0, b, 0, MAGIC.length);
        b[8] = 1; // version
        b[9] = (byte) channels;
        b[10] = (byte) preSkip; // the integers are little-endian
        b[11] = (byte) (preSkip >>> 8);
        for (int i = 0; i < 4; i++) {
            b[12 + i] = (byte) (inputSampleRate >>> 8 * i);
        }
        // output gain 0 (bytes 16-17), mapping family 0 (byte 18)
        return b;
    }

    public static OpusHead parse(byte[] b, int offset, int length) {
        if (length < LENGTH) {
            throw new MalformedMediaException("an OpusHead of " + length + " bytes, under " + LENGTH);
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[offset + i] != MAGIC[i]) {
                throw new MalformedMediaException("no OpusHead magic");
            }
        }
        if ((b[offset + 8] & 0xF0) != 0) {
            throw new MalformedMediaException("OpusHead version " + (b[offset + 8] & 0xFF) + ", of a major version this reader does not know");
        }
        int channels = b[offset + 9] & 0xFF;
        if (channels < 1 || channels > 2 || b[offset + 18] != 0) {
            throw new MalformedMediaException("Opus of " + channels + " channels in mapping family " + (b[offset + 18] & 0xFF) + "; families other than 0 are not read");
        }
        int preSkip = (b[offset + 10] & 0xFF) | (b[offset + 11] & 0xFF) << 8;
        int rate = 0;
        for (int i = 0; i < 4; i++) {
            rate |= (b[offset + 12 + i] & 0xFF) << 8 * i;
        }
        return new OpusHead(channels, preSkip, Math.max(rate, 0));
    }
}
