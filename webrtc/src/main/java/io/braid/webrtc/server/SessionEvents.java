package io.braid.webrtc.server;

import io.braid.webrtc.fanout.StreamFanout;
import io.braid.webrtc.peer.PeerSession;

/** What the service around a {@link WebRtcServer} hears about its sessions (viewer counting, events). */
public interface SessionEvents {
    void started(PeerSession session, StreamFanout stream);

    void ended(PeerSession session, StreamFanout stream, String reason, boolean wasConnected);
}
