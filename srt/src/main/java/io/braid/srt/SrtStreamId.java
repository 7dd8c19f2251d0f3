package io.braid.srt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stream id an SRT caller sends (SRTO_STREAMID), in Ant Media's form {@code {app}/{streamId}} (a query after
 * {@code ?} is kept as parameters) or the SRT access-control form {@code #!::r={app}/{streamId},m=publish,u=...,t=...}.
 * Parsing never throws: a malformed id gives {@link #problem()}, which names what is wrong.
 */
public record SrtStreamId(String app, String streamId, String mode, String user, String type, Map<String, String> params, String problem) {
    /** libsrt's own limit for SRTO_STREAMID. */
    public static final int MAX_LENGTH = 512;
    public static final String PUBLISH = "publish";
    public static final String REQUEST = "request";

    public static SrtStreamId parse(String text) {
        if (text == null || text.isEmpty()) {
            return bad("the SRT stream id is empty; use streamid={app}/{streamId} or #!::r={app}/{streamId},m=publish");
        }
        if (text.length() > MAX_LENGTH) {
            return bad("the SRT stream id is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return bad("the SRT stream id has a control or non-ASCII character at " + i);
            }
        }
        if (text.startsWith("#!::")) {
            return accessControl(text.substring(4));
        }
        Map<String, String> params = new LinkedHashMap<>();
        String resource = text;
        int q = text.indexOf('?');
        if (q >= 0) {
            resource = text.substring(0, q);
            for (String pair : text.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (!pair.isEmpty() && params.size() < 16) {
                    params.putIfAbsent(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
                }
            }
        }
        return resource(resource, PUBLISH, null, null, params);
    }

    private static SrtStreamId accessControl(String body) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String pair : body.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return bad("the SRT access-control stream id has an item without key=value: '" + pair + "'");
            }
            if (keys.size() >= 16) {
                return bad("the SRT access-control stream id has too many items");
            }
            keys.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
        }
        String r = keys.get("r");
        if (r == null) {
            return bad("the SRT access-control stream id has no r={app}/{streamId}");
        }
        String mode = keys.getOrDefault("m", REQUEST);
        if (!mode.equals(PUBLISH) && !mode.equals(REQUEST) && !mode.equals("bidirectional")) {
            return bad("the SRT stream id mode m=" + mode + " is not publish or request");
        }
        Map<String, String> params = new LinkedHashMap<>(keys);
        params.keySet().removeAll(java.util.List.of("r", "m", "u", "t"));
        return resource(r, mode, keys.get("u"), keys.getOrDefault("t", "stream"), params);
    }

    private static SrtStreamId resource(String resource, String mode, String user, String type, Map<String, String> params) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            return bad("the SRT stream id must name {app}/{streamId}, got '" + resource + "'");
        }
        return new SrtStreamId(path.substring(0, slash), path.substring(slash + 1), mode, user, type, Map.copyOf(params), null);
    }

    private static SrtStreamId bad(String problem) {
        return new SrtStreamId(null, null, null, null, null, Map.of(), problem);
    }

    public boolean valid() {
        return problem == null;
    }
}
