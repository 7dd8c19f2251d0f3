package io.braid.webrtc.sdp;

import java.util.List;

/**
 * This node's side of the transport: ICE credentials, the SHA-256 fingerprint of its DTLS certificate
 * ({@code AB:CD:...}), and its candidates as {@code candidate:...} values.
 */
public record LocalTransport(String ufrag, String password, String fingerprint, List<String> candidates) {
}
