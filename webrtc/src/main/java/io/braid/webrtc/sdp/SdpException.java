package io.braid.webrtc.sdp;

/** An SDP that cannot be parsed, or an offer Braid cannot answer; the message says which line or what is missing. */
public final class SdpException extends Exception {
    public SdpException(String message) {
        super(message, null, false, false);
    }
}
