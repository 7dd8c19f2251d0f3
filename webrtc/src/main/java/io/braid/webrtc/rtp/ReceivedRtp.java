package io.braid.webrtc.rtp;

import io.braid.media.MalformedMediaException;
import io.braid.webrtc.srtp.RtpHeaders;

/**
 * One RTP packet from a publisher (RFC 3550 section 5.1), already decrypted: its header fields and where its payload
 * lies in {@code bytes}, with CSRCs, the header extension and padding stepped over. The bytes are the packet's own
 * copy, so the packet can wait in a {@link ReorderBuffer}.
 */
public record ReceivedRtp(int payloadType, boolean marker, int sequence, long timestamp, int ssrc, byte[] bytes, int payloadOffset,
        int payloadLength) {

    /** Copies the packet out of {@code buf} and checks every length in its header against what arrived. */
    public static ReceivedRtp parse(byte[] buf, int off, int len) {
        int header = RtpHeaders.headerLength(buf, off, len);
        if (header < 0) {
            throw new MalformedMediaException("RTP: " + len + " bytes cannot hold the header they announce");
        }
        int end = len;
        if ((buf[off] & 0x20) != 0) { // padding: its last byte counts the padding bytes, itself included
            int padding = buf[off + len - 1] & 0xFF;
            if (padding == 0 || header + padding > len) {
                throw new MalformedMediaException("RTP: padding of " + padding + " bytes in a packet of " + len);
            }
            end -= padding;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        long timestamp = ((copy[4] & 0xFFL) << 24) | ((copy[5] & 0xFF) << 16) | ((copy[6] & 0xFF) << 8) | (copy[7] & 0xFF);
        return new ReceivedRtp(copy[1] & 0x7F, (copy[1] & 0x80) != 0, RtpHeaders.sequence(copy, 0), timestamp, RtpHeaders.ssrc(copy, 0),
                copy, header, end - header);
    }

    /** The payload's first byte (an H.264 NAL header, an Opus TOC); the packet must have a payload. */
    public int payloadByte(int index) {
        return bytes[payloadOffset + index] & 0xFF;
    }
}
