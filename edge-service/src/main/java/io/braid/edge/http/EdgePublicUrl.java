package io.braid.edge.http;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where viewers reach this edge directly ({@code braid.edge.public-url}, e.g. {@code https://edge-1.example.com} or,
 * for a cluster on one host, {@code http://{host}:5081}, where {@code {host}} is the host name the viewer used for
 * the entry point). With it, a viewer's first playlist request through the gateway is answered with a
 * {@link io.braid.edge.viewer.SteeringPlaylist} that sends the player's reloads here, and a playlist that comes
 * through the gateway within a session (the fallback pathway) lists its segments as absolute URLs to this edge:
 * either way a viewer's reloads and segments go from edge to player without crossing the gateway. Without it (the
 * default: behind a Kubernetes Service the edges have no address of their own), URLs stay relative and the gateway
 * carries playlists and segments.
 *
 * <p>A viewer that reached the entry point over HTTPS is never sent to an {@code http:} edge (its browser would
 * block the mixed content): such playlists stay relative.
 */
@ApplicationScoped
public class EdgePublicUrl {
    /** A host name or address as the player could have typed it; anything else is not put into a playlist. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

    /** Distinct (app, scheme, host) answers kept; the host is the viewer's to choose, so the map is cleared when full. */
    private static final int REMEMBERED = 1024;
    private static final String NONE = "";

    @ConfigProperty(name = "braid.edge.public-url")
    Optional<String> template;

    /** Worked out once per (app, scheme, host) rather than on every playlist request. */
    private final Map<String, String> prefixes = new ConcurrentHashMap<>();

    /** The prefix for this request's relative media URLs, e.g. {@code http://localhost:5081/LiveApp/streams/}; null for none. */
    public String mediaPrefix(HttpServerRequest request, String app) {
        String forwardedHost = request.getHeader("X-Forwarded-Host");
        if (forwardedHost == null || template.isEmpty() || template.get().isBlank()) {
            return null;
        }
        String forwardedProto = request.getHeader("X-Forwarded-Proto");
        String key = app + "|" + forwardedProto + "|" + forwardedHost;
        String prefix = prefixes.get(key);
        if (prefix == null) {
            prefix = Objects.requireNonNullElse(prefix(template.get(), forwardedHost, forwardedProto, app), NONE);
            if (prefixes.size() >= REMEMBERED) {
                prefixes.clear();
            }
            prefixes.put(key, prefix);
        }
        return prefix.isEmpty() ? null : prefix;
    }

    /**
     * @param forwardedHost the entry point's {@code X-Forwarded-Host}: null when the viewer asked this edge directly
     *                      (its relative URLs already lead here)
     */
    static String prefix(String template, String forwardedHost, String forwardedProto, String app) {
        if (forwardedHost == null) {
            return null;
        }
        String base = template.strip();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (firstValue(forwardedProto).equalsIgnoreCase("https") && !base.regionMatches(true, 0, "https:", 0, 6)) {
            return null;
        }
        if (base.contains("{host}")) {
            String host = hostOf(firstValue(forwardedHost));
            if (!HOST.matcher(host).matches()) {
                return null;
            }
            base = base.replace("{host}", host);
        }
        return base + "/" + app + "/streams/";
    }

    private static String firstValue(String header) {
        if (header == null) {
            return "";
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }

    /** {@code localhost:5080} → {@code localhost}; {@code [::1]:5080} → {@code [::1]}. */
    private static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? authority : authority.substring(0, close + 1);
        }
        int colon = authority.indexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }
}
