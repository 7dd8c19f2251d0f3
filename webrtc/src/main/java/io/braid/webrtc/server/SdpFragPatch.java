package io.braid.webrtc.server;

import io.braid.webrtc.ice.IceCredentials;
import io.braid.webrtc.peer.PeerSession;

/**
 * A WHIP or WHEP session's PATCH (RFC 9725 section 4.3): an {@code application/trickle-ice-sdpfrag} body with
 * trickled candidates, or new ICE credentials (an ICE restart), against the session's entity tag. Kept apart from
 * HTTP so that the edge's WHEP and the origin's WHIP answer it the same way.
 */
public final class SdpFragPatch {
    public static final String SDPFRAG = "application/trickle-ice-sdpfrag";

    /** What to answer. */
    public sealed interface Outcome {
    }

    /** Candidates only: an ICE-lite server needs none, it learns the peer's address from its checks. 204. */
    public record Trickled() implements Outcome {
    }

    /** An ICE restart: 200 with this sdpfrag and the new entity tag. */
    public record Restarted(String sdpfrag, String etag) implements Outcome {
    }

    /** Refused: 412 for a stale If-Match, 400 for a restart without what it needs. */
    public record Refused(int status, String message) implements Outcome {
    }

    private SdpFragPatch() {
    }

    /** The session's entity tag: its local ufrag, which an ICE restart changes. */
    public static String etag(PeerSession session) {
        return "\"" + session.localCredentials().ufrag() + "\"";
    }

    /** @param ifMatch the request's If-Match, or null */
    public static Outcome apply(WebRtcServer server, PeerSession session, String ifMatch, String frag) {
        if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(etag(session))) {
            return new Refused(412, "If-Match " + ifMatch + " does not match the session's ETag " + etag(session));
        }
        String ufrag = line(frag, "a=ice-ufrag:");
        String pwd = line(frag, "a=ice-pwd:");
        if (ufrag == null || ufrag.equals(session.remoteUfrag())) {
            return new Trickled();
        }
        if (pwd == null || ifMatch == null) {
            return new Refused(400, "an ICE restart needs If-Match and both a=ice-ufrag and a=ice-pwd");
        }
        IceCredentials fresh = server.restartIce(session, ufrag, pwd);
        StringBuilder answer = new StringBuilder("a=ice-lite\r\na=ice-ufrag:").append(fresh.ufrag()).append("\r\na=ice-pwd:")
                .append(fresh.password()).append("\r\n");
        for (String c : server.candidates()) {
            answer.append("a=").append(c).append("\r\n");
        }
        answer.append("a=end-of-candidates\r\n");
        return new Restarted(answer.toString(), etag(session));
    }

    private static String line(String frag, String prefix) {
        for (String l : frag.split("\r?\n")) {
            if (l.startsWith(prefix)) {
                return l.substring(prefix.length()).trim();
            }
        }
        return null;
    }
}
