package io.braid.core.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Encodes one path segment (an app, a stream id, a node id) for a URL one service builds to call another. */
public final class PathSegments {
    private PathSegments() {
    }

    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
