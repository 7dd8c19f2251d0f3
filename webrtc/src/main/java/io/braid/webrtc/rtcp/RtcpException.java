package io.braid.webrtc.rtcp;

/** A compound RTCP packet that does not follow RFC 3550 or its feedback formats; the whole datagram is dropped. */
public final class RtcpException extends Exception {
    public RtcpException(String message) {
        super(message, null, false, false);
    }
}
