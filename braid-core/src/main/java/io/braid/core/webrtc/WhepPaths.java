package io.braid.core.webrtc;

import io.braid.core.cluster.NodeIds;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WHEP URLs, shared by the edge that serves them and the gateway that routes them: the endpoint
 * {@code /{app}/whep/{streamId}} and a session resource {@code /{app}/whep/{streamId}/{nodeId}~{session}}. The edge's
 * node id in the resource path is what sends a session's PATCH and DELETE to the edge that holds it, with no sticky
 * address hashing and no shared state in the gateway.
 */
public final class WhepPaths {
    /** Between the node id and the session id: not in the node id alphabet, unreserved in URLs. */
    public static final char SEPARATOR = '~';
    public static final String ENDPOINT_REGEX = "/([A-Za-z0-9_-]{1,64})/whep/([A-Za-z0-9_.-]{1,128})";
    public static final String SESSION_REGEX = ENDPOINT_REGEX + "/([A-Za-z0-9_.:-]{1,128}~[0-9a-f]{32})";
    private static final Pattern SESSION = Pattern.compile(SESSION_REGEX);

    /** A session resource, split. */
    public record Session(String app, String streamId, String nodeId, String sessionId) {
    }

    private WhepPaths() {
    }

    public static String session(String app, String streamId, String nodeId, String sessionId) {
        if (!NodeIds.isValid(nodeId)) {
            throw new IllegalArgumentException("node id " + nodeId);
        }
        return "/" + app + "/whep/" + streamId + "/" + nodeId + SEPARATOR + sessionId;
    }

    public static Optional<Session> parseSession(String path) {
        Matcher m = SESSION.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        String token = m.group(3);
        int at = token.indexOf(SEPARATOR);
        return Optional.of(new Session(m.group(1), m.group(2), token.substring(0, at), token.substring(at + 1)));
    }
}
