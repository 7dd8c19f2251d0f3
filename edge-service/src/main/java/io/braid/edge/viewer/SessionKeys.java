package io.braid.edge.viewer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names a viewer's session: the {@code session} query value the edge put in the playlist's URLs when it has one,
 * else a digest of client address and user agent (the same player on every request, and the same name on every
 * edge, so the edge can hand it out in playlists). Query values are checked: anything but a short token is
 * ignored rather than trusted.
 */
public final class SessionKeys {
    public static final String QUERY = "session";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private SessionKeys() {
    }

    /** Whether a listed URL already names a session (then it is left as it is). */
    static boolean named(String url) {
        return url.contains("?" + QUERY + "=") || url.contains("&" + QUERY + "=");
    }

    /** Whether a listed URL is relative to the playlist's own (so it can be put under another address). */
    static boolean relative(String url) {
        return !url.startsWith("/") && !url.contains("://");
    }

    public static String of(String queryValue, String clientAddress, String userAgent) {
        if (queryValue != null && VALID.matcher(queryValue).matches()) {
            return queryValue;
        }
        return derived(clientAddress, userAgent);
    }

    /**
     * A new random session, for a player's first request of an ABR master playlist: the variant URLs it gets carry
     * it, so players behind one address with one user agent (a mobile carrier's NAT) still count one each.
     */
    public static String fresh() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return "s" + HexFormat.of().formatHex(random);
    }

    static String derived(String clientAddress, String userAgent) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((clientAddress + "|" + (userAgent == null ? "" : userAgent)).getBytes(StandardCharsets.UTF_8));
            return "v" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
