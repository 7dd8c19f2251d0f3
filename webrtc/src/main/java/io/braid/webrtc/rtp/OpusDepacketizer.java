package io.braid.webrtc.rtp;

import io.braid.media.MalformedMediaException;
import io.braid.media.opus.OpusPacket;

/**
 * Opus out of RTP (RFC 7587): the payload is one Opus packet, at a 48 kHz timestamp. Checked only as far as a
 * decoder would fail on it ({@link OpusPacket#samples48k}): not empty, and a code-3 packet's frame count byte present
 * and within RFC 6716's 120 ms.
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
        byte[] out = new byte[n];
        System.arraycopy(p.bytes(), p.payloadOffset(), out, 0, n);
        try {
            OpusPacket.samples48k(out, 0, n);
        } catch (MalformedMediaException e) {
            throw new MalformedMediaException("Opus: " + e.getMessage());
        }
        return out;
    }
}
