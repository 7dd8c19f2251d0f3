package io.braid.webrtc.srtp;

/** The SRTP protection profiles Braid negotiates in DTLS {@code use_srtp} (RFC 5764, RFC 7714), best first. */
public enum SrtpProfile {
    /** RFC 7714: one AES-GCM pass both encrypts and authenticates, so it costs less CPU per packet. */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16),
    /** RFC 3711's mandatory profile: AES counter mode plus an 80-bit HMAC-SHA1 tag. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10);

    /** The profile's id in DTLS {@code use_srtp}. */
    public final int id;
    public final int keyLength;
    public final int saltLength;
    /** Bytes the profile adds to each SRTP packet (the authentication tag). */
    public final int tagLength;

    SrtpProfile(int id, int keyLength, int saltLength, int tagLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    public boolean aead() {
        return this == AEAD_AES_128_GCM;
    }

    /** The profile with that {@code use_srtp} id, or null when Braid does not implement it. */
    public static SrtpProfile byId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }
}
