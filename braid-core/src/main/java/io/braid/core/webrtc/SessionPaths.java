package io.braid.core.webrtc;

import io.braid.core.cluster.NodeIds;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WHEP and WHIP URLs, shared by the node that serves them (an edge for WHEP, an origin for WHIP) and the gateway
 * that routes them: the endpoint {@code /{app}/whep/{streamId}} and a session resource
 * {@code /{app}/whep/{streamId}/{nodeId}~{session}} (and the same with {@code whip}). The node id in the resource path
 * is what sends a session's PATCH and DELETE to the node that holds it, with no sticky address hashing and no shared
 * state in the gateway.
 */
public final class SessionPaths {
    public static final SessionPaths WHEP = new SessionPaths("whep");
    public static final SessionPaths WHIP = new SessionPaths("whip");
    /** Between the node id and the session id: not in the node id alphabet, unreserved in URLs. */
    public static final char SEPARATOR = '~';

    private final String kind;
    private final String endpointRegex;
    private final String sessionRegex;
    private final Pattern session;

    /** A session resource, split. */
    public record Session(String app, String streamId, String nodeId, String sessionId) {
    }

    private SessionPaths(String kind) {
        this.kind = kind;
        this.endpointRegex = "/([A-Za-z0-9_-]{1,64})/" + kind + "/([A-Za-z0-9_.-]{1,128})";
        this.sessionRegex = endpointRegex + "/([A-Za-z0-9_.:-]{1,128}~[0-9a-f]{32})";
        this.session = Pattern.compile(sessionRegex);
    }

    /** {@code whep} or {@code whip}. */
    public String kind() {
        return kind;
    }

    /** The endpoint; groups 1 and 2 are the app and the stream id. */
    public String endpointRegex() {
        return endpointRegex;
    }

    /** A session resource; groups 1 to 3 are the app, the stream id and {@code nodeId~session}. */
    public String sessionRegex() {
        return sessionRegex;
    }

    public String session(String app, String streamId, String nodeId, String sessionId) {
        if (!NodeIds.isValid(nodeId)) {
            throw new IllegalArgumentException("node id " + nodeId);
        }
        return "/" + app + "/" + kind + "/" + streamId + "/" + nodeId + SEPARATOR + sessionId;
    }

    public Optional<Session> parseSession(String path) {
        Matcher m = session.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        String token = m.group(3);
        int at = token.indexOf(SEPARATOR);
        return Optional.of(new Session(m.group(1), m.group(2), token.substring(0, at), token.substring(at + 1)));
    }
}
