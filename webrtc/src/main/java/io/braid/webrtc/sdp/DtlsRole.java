package io.braid.webrtc.sdp;

/** Which side of the DTLS handshake this node plays, decided by {@code a=setup} (RFC 8842). */
public enum DtlsRole {
    /** We send the ClientHello ({@code a=setup:active}). */
    CLIENT,
    /** We wait for the ClientHello ({@code a=setup:passive}). */
    SERVER
}
