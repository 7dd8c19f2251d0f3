package io.braid.core.broadcast;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Stream id rules: Ant Media's character set, plus a length cap so ids stay usable as file and URL parts. */
public final class StreamIds {
    public static final int MAX_LENGTH = 128;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamIds() {
    }

    /** @return null when valid, else a message saying what is wrong */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "stream id is empty";
        }
        if (id.length() > MAX_LENGTH) {
            return "stream id is longer than " + MAX_LENGTH + " characters";
        }
        if (!VALID.matcher(id).matches()) {
            return "stream id may contain only letters, digits, '_', '.' and '-'";
        }
        if (id.equals(".") || id.equals("..")) {
            return "stream id may not be '.' or '..'";
        }
        return null;
    }

    public static boolean isValid(String id) {
        return problem(id) == null;
    }

    /** Like Ant Media: 16 random alphanumerics followed by nanoTime, so ids sort roughly by creation. */
    public static String generate() {
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 16; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.append(System.nanoTime()).toString();
    }
}
