package io.braid.webrtc.rtp;

import io.braid.media.MalformedMediaException;

/**
 * Opus out of RTP (RFC 7587): the payload is one Opus packet, at a 48 kHz timestamp. Checked only as far as a
 * decoder would fail on it: not empty, and a code-3 packet's frame count byte present and within RFC 6716's 120 ms.
 */
public final class OpusDepacketizer {
    private OpusDepacketizer() {
    }

    /** One Opus packet (a copy of the payload), or an exception saying what is wrong with it. */
    public static byte[] packet(ReceivedRtp p) {
        int n = p.payloadLength();
        if (n < 1) {
            throw new MalformedMediaException("Opus: an empty RTP payload");
        }
        int toc = p.payloadByte(0);
        if ((toc & 3) == 3) {
            if (n < 2) {
                throw new MalformedMediaException("Opus: a code-3 packet without its frame count");
            }
            int frames = p.payloadByte(1) & 0x3F;
            if (frames == 0 || frames * frameTenthsOfMs(toc) > 1200) {
                throw new MalformedMediaException("Opus: " + frames + " frames in one packet (120 ms at most)");
            }
        }
        byte[] out = new byte[n];
        System.arraycopy(p.bytes(), p.payloadOffset(), out, 0, n);
        return out;
    }

    /** The duration of one frame of the packet, from its TOC byte's configuration (RFC 6716 section 3.1). */
    static int frameTenthsOfMs(int toc) {
        int config = toc >> 3;
        if (config < 12) {
            return new int[] {100, 200, 400, 600}[config % 4];
        }
        if (config < 16) {
            return new int[] {100, 200}[config % 2];
        }
        return new int[] {25, 50, 100, 200}[config % 4];
    }
}
