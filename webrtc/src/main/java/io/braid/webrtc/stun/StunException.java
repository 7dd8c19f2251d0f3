package io.braid.webrtc.stun;

/** A datagram that claims to be STUN but is not well formed, or fails its integrity or fingerprint check. */
public final class StunException extends Exception {
    public StunException(String message) {
        super(message, null, false, false);
    }
}
