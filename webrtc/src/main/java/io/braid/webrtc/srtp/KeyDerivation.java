package io.braid.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 3711 section 4.3: session keys from the master key and salt with the AES-CM PRF (key derivation rate 0).
 * RFC 7714 section 11 uses the same PRF for GCM, its 12-byte salt padded to 14 with zeros.
 */
final class KeyDerivation {
    static final int SRTP_ENCRYPTION = 0x00;
    static final int SRTP_AUTHENTICATION = 0x01;
    static final int SRTP_SALT = 0x02;
    static final int SRTCP_ENCRYPTION = 0x03;
    static final int SRTCP_AUTHENTICATION = 0x04;
    static final int SRTCP_SALT = 0x05;

    private KeyDerivation() {
    }

    static byte[] derive(SrtpKeys keys, int label, int length) {
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.masterKey(), "AES"));
            int blocks = (length + 15) / 16;
            byte[] counters = new byte[blocks * 16];
            for (int b = 0; b < blocks; b++) {
                int at = b * 16;
                System.arraycopy(keys.masterSalt(), 0, counters, at, keys.masterSalt().length);
                counters[at + 7] ^= (byte) label;
                counters[at + 14] = (byte) (b >>> 8);
                counters[at + 15] = (byte) b;
            }
            byte[] stream = aes.doFinal(counters);
            byte[] out = new byte[length];
            System.arraycopy(stream, 0, out, 0, length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }
}
