package io.braid.webrtc.srtp;

/** The few RTP header reads SRTP needs, each bounds-checked against the packet. */
public final class RtpHeaders {
    private RtpHeaders() {
    }

    /** Header length including CSRCs and a header extension, or -1 when the packet cannot hold it. */
    public static int headerLength(byte[] b, int off, int len) {
        if (len < 12 || (b[off] & 0xC0) != 0x80) {
            return -1;
        }
        int length = 12 + 4 * (b[off] & 0x0F);
        if ((b[off] & 0x10) != 0) {
            if (len < length + 4) {
                return -1;
            }
            length += 4 + 4 * (((b[off + length + 2] & 0xFF) << 8) | (b[off + length + 3] & 0xFF));
        }
        return length <= len ? length : -1;
    }

    public static int sequence(byte[] b, int off) {
        return ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    public static int ssrc(byte[] b, int off) {
        return readInt(b, off + 8);
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
