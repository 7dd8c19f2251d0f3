package io.braid.webrtc.peer;

import io.braid.webrtc.rtcp.RtcpPacket;
import java.util.List;

/** What a {@link PeerSession} tells its owner. Calls come from transport or handshake threads; keep them short. */
public interface SessionListener {
    /** DTLS finished: media may be sent. */
    void connected(PeerSession session);

    /** RTCP from the peer (receiver reports, NACK, PLI, FIR, REMB...), already decrypted and parsed. */
    void rtcp(PeerSession session, List<RtcpPacket> packets);

    /** Whether this session receives media (a publisher's); a viewer's RTP is dropped unread. */
    default boolean takesMedia() {
        return false;
    }

    /** A decrypted RTP packet, {@code packet[0, length)}, from a publisher; only called when {@link #takesMedia()}. */
    default void rtp(PeerSession session, byte[] packet, int length) {
    }

    /** The session ended; {@code reason} says why in words. Called once. */
    void closed(PeerSession session, String reason);
}
