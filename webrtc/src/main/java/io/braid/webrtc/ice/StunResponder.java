package io.braid.webrtc.ice;

import io.braid.webrtc.stun.StunAttribute;
import io.braid.webrtc.stun.StunException;
import io.braid.webrtc.stun.StunMessage;
import io.braid.webrtc.stun.StunMessageWriter;
import java.net.InetSocketAddress;

/**
 * ICE-lite's half of a connectivity check (RFC 8445 section 7.3): a binding request whose USERNAME starts with a
 * live session's ufrag and whose MESSAGE-INTEGRITY verifies with that session's password gets a signed success
 * response carrying the request's source address. Anything else is dropped without an answer, so the port cannot
 * be used to reflect traffic at someone.
 */
public final class StunResponder {
    /** What happened to one datagram, for counting. */
    public enum Outcome { ANSWERED, MALFORMED, NOT_A_REQUEST, UNKNOWN_UFRAG, BAD_INTEGRITY, BAD_FINGERPRINT }

    /** The outcome, and the session and response when it was answered. */
    public record Result(Outcome outcome, IceSession session, byte[] response, boolean nominated) {
    }

    private final IceRegistry registry;

    public StunResponder(IceRegistry registry) {
        this.registry = registry;
    }

    public Result handle(byte[] data, int offset, int length, InetSocketAddress from) {
        StunMessage request;
        try {
            request = StunMessage.decode(data, offset, length);
        } catch (StunException e) {
            return new Result(Outcome.MALFORMED, null, null, false);
        }
        if (request.type() != StunMessage.BINDING_REQUEST) {
            // Binding indications (keepalives) and responses need no answer.
            return new Result(Outcome.NOT_A_REQUEST, null, null, false);
        }
        String username = request.username();
        if (username == null) {
            return new Result(Outcome.UNKNOWN_UFRAG, null, null, false);
        }
        int colon = username.indexOf(':');
        IceSession session = registry.find(colon < 0 ? username : username.substring(0, colon));
        if (session == null) {
            return new Result(Outcome.UNKNOWN_UFRAG, null, null, false);
        }
        if (colon >= 0 && session.remoteUfrag() != null && !username.substring(colon + 1).equals(session.remoteUfrag())) {
            return new Result(Outcome.UNKNOWN_UFRAG, null, null, false);
        }
        byte[] key = session.localCredentials().passwordBytes();
        if (!request.integrityMatches(key)) {
            return new Result(Outcome.BAD_INTEGRITY, null, null, false);
        }
        if (request.hasFingerprint() && !request.fingerprintMatches()) {
            return new Result(Outcome.BAD_FINGERPRINT, null, null, false);
        }
        byte[] response = new StunMessageWriter(StunMessage.BINDING_SUCCESS, request.transactionId())
                .xorMappedAddress(from)
                .buildSigned(key);
        return new Result(Outcome.ANSWERED, session, response, request.has(StunAttribute.USE_CANDIDATE));
    }
}
