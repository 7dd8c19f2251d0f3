package io.braid.webrtc.ice;

/** RFC 7983 section 7: what a datagram on the shared port is, from its first byte. */
public enum PacketKind {
    STUN, DTLS, SRTP, OTHER;

    public static PacketKind of(byte first) {
        int b = first & 0xFF;
        if (b <= 3) {
            return STUN;
        }
        if (b >= 20 && b <= 63) {
            return DTLS;
        }
        if (b >= 128 && b <= 191) {
            return SRTP;
        }
        return OTHER;
    }
}
