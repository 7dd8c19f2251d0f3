package io.braid.webrtc.peer;

/** Where a sending session is; it only moves forward. */
public enum SessionState {
    /** Answer sent; no connectivity check has arrived yet. */
    NEW,
    /** A check passed on some path; DTLS is under way. */
    HANDSHAKING,
    /** DTLS done, SRTP keys in place: media flows. */
    CONNECTED,
    /** Ended: by the viewer, a failure, a consent timeout, or the server. */
    CLOSED
}
