package io.braid.webrtc.peer;

import io.braid.webrtc.rtcp.RtcpPacket;
import java.util.List;

/** What a {@link SendSession} tells its owner. Calls come from transport or handshake threads; keep them short. */
public interface SessionListener {
    /** DTLS finished: media may be sent. */
    void connected(SendSession session);

    /** RTCP from the viewer (receiver reports, NACK, PLI, FIR, REMB...), already decrypted and parsed. */
    void rtcp(SendSession session, List<RtcpPacket> packets);

    /** The session ended; {@code reason} says why in words. Called once. */
    void closed(SendSession session, String reason);
}
