package io.braid.core.app;

import java.util.List;
import java.util.regex.Pattern;

/** Application names appear in every URL path, so they are kept to a safe, short alphabet. */
public final class AppNames {
    public static final List<String> DEFAULT_APPS = List.of("LiveApp", "WebRTCAppEE");
    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_\\-]+");

    private AppNames() {
    }

    /** @return null when valid, else a message saying what is wrong */
    public static String problem(String app) {
        if (app == null || app.isEmpty()) {
            return "application name is empty";
        }
        if (app.length() > MAX_LENGTH) {
            return "application name is longer than " + MAX_LENGTH + " characters";
        }
        if (!VALID.matcher(app).matches()) {
            return "application name may contain only letters, digits, '_' and '-'";
        }
        return null;
    }
}
