package io.braid.webrtc.ice;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * One session's local ICE username fragment and password (RFC 8839 section 5.4: ufrag at least 4 characters, password
 * at least 22, from the ice-char set). The ufrag is what the UDP mux finds a session by, so it is random and long
 * enough never to collide among live sessions.
 */
public record IceCredentials(String ufrag, String password) {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static IceCredentials random() {
        return new IceCredentials(randomText(16), randomText(32));
    }

    public byte[] passwordBytes() {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    private static String randomText(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
        }
        return s.toString();
    }
}
