package io.braid.webrtc.srtp;

/** A packet that cannot be unprotected: too short, failed authentication, or replayed. It is dropped. */
public final class SrtpException extends Exception {
    public SrtpException(String message) {
        super(message, null, false, false);
    }
}
