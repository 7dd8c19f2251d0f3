package io.braid.rtmp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who wants to publish or play what: the application from {@code connect}, the stream id from {@code publish} or
 * {@code play}, and the query parameters clients add to either ({@code ?token=...&subscriberId=...}).
 */
public record StreamRequest(String app, String streamId, Map<String, String> query, String tcUrl, String remoteAddress) {
    private static final int MAX_QUERY_PARAMS = 32;

    /** @param app the application as sent in connect, possibly with a query; @param name the stream name as sent */
    public static StreamRequest of(String app, String name, String tcUrl, String remoteAddress) {
        Map<String, String> query = new LinkedHashMap<>();
        String cleanApp = splitQuery(app, query);
        String cleanName = splitQuery(name, query);
        return new StreamRequest(cleanApp, cleanName, Map.copyOf(query), tcUrl, remoteAddress);
    }

    public String param(String key) {
        return query.get(key);
    }

    private static String splitQuery(String value, Map<String, String> into) {
        if (value == null) {
            return "";
        }
        int q = value.indexOf('?');
        if (q < 0) {
            return stripSlashes(value);
        }
        for (String pair : value.substring(q + 1).split("&")) {
            if (pair.isEmpty() || into.size() >= MAX_QUERY_PARAMS) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                into.putIfAbsent(k, v);
            } catch (IllegalArgumentException badEscape) {
                // a malformed %-escape makes that one parameter unreadable; the rest still count
            }
        }
        return stripSlashes(value.substring(0, q));
    }

    private static String stripSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }
}
