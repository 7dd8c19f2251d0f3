package io.braid.webrtc.server;

import io.braid.webrtc.fanout.StreamFanout;
import io.braid.webrtc.peer.SendSession;

/** What the service around a {@link WebRtcServer} hears about its sessions (viewer counting, events). */
public interface SessionEvents {
    void started(SendSession session, StreamFanout stream);

    void ended(SendSession session, StreamFanout stream, String reason, boolean wasConnected);
}
