package io.braid.webrtc.rtp;

/**
 * One RTP packet as bytes (RFC 3550 section 5.1), header included. Packets made by the packetizers have a plain
 * 12-byte header; a session copies them, sets its payload type and SSRC, and encrypts the copy.
 */
public record RtpPacket(byte[] bytes) {
    public static final int HEADER_LENGTH = 12;

    /** A new packet: version 2, no padding, extension or CSRC. */
    public static RtpPacket of(int payloadType, boolean marker, int sequence, long timestamp, int ssrc, byte[] payload, int offset, int length) {
        byte[] b = new byte[HEADER_LENGTH + length];
        b[0] = (byte) 0x80;
        b[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        b[2] = (byte) (sequence >>> 8);
        b[3] = (byte) sequence;
        b[4] = (byte) (timestamp >>> 24);
        b[5] = (byte) (timestamp >>> 16);
        b[6] = (byte) (timestamp >>> 8);
        b[7] = (byte) timestamp;
        b[8] = (byte) (ssrc >>> 24);
        b[9] = (byte) (ssrc >>> 16);
        b[10] = (byte) (ssrc >>> 8);
        b[11] = (byte) ssrc;
        System.arraycopy(payload, offset, b, HEADER_LENGTH, length);
        return new RtpPacket(b);
    }

    public int sequence() {
        return ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
    }

    public long timestamp() {
        return ((bytes[4] & 0xFFL) << 24) | ((bytes[5] & 0xFF) << 16) | ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF);
    }

    public boolean marker() {
        return (bytes[1] & 0x80) != 0;
    }

    public int payloadType() {
        return bytes[1] & 0x7F;
    }

    public int ssrc() {
        return ((bytes[8] & 0xFF) << 24) | ((bytes[9] & 0xFF) << 16) | ((bytes[10] & 0xFF) << 8) | (bytes[11] & 0xFF);
    }

    public int payloadLength() {
        return bytes.length - HEADER_LENGTH;
    }

    public int length() {
        return bytes.length;
    }

    /**
     * Copies the packet into {@code out} with this session's payload type, SSRC, and timestamp shift (a joining
     * viewer's catch-up frames are moved next to the live edge); returns the length written.
     */
    public int copyTo(byte[] out, int payloadType, int ssrc, long timestamp) {
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        out[1] = (byte) ((bytes[1] & 0x80) | (payloadType & 0x7F));
        out[4] = (byte) (timestamp >>> 24);
        out[5] = (byte) (timestamp >>> 16);
        out[6] = (byte) (timestamp >>> 8);
        out[7] = (byte) timestamp;
        out[8] = (byte) (ssrc >>> 24);
        out[9] = (byte) (ssrc >>> 16);
        out[10] = (byte) (ssrc >>> 8);
        out[11] = (byte) ssrc;
        return bytes.length;
    }
}
