package io.braid.webrtc.ice;

/**
 * A session as the ICE-lite transport sees it: found by its local ufrag in a STUN USERNAME, then by the 5-tuple that
 * passed a connectivity check. Calls come from the transport's event loop and must return quickly.
 */
public interface IceSession {
    IceCredentials localCredentials();

    /** The peer's ufrag from its SDP; a binding request must name it after ours ({@code ours:theirs}). */
    String remoteUfrag();

    /** A binding request with valid integrity arrived on {@code path}; {@code nominated} when it had USE-CANDIDATE. */
    void connectivityCheck(TransportPath path, boolean nominated);

    /** A DTLS record (first byte 20-63) on a checked path. */
    void dtls(TransportPath path, byte[] record);

    /** An SRTP or SRTCP packet (first byte 128-191) on a checked path. */
    void srtp(TransportPath path, byte[] packet);
}
