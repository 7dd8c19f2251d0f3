package io.braid.webrtc.ice;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The live sessions by local ufrag, shared by the UDP mux and the ICE-TCP listener. */
public final class IceRegistry {
    private final Map<String, IceSession> byUfrag = new ConcurrentHashMap<>();

    public void add(IceSession session) {
        if (byUfrag.putIfAbsent(session.localCredentials().ufrag(), session) != null) {
            throw new IllegalStateException("ICE ufrag collision");
        }
    }

    public void remove(IceSession session) {
        byUfrag.remove(session.localCredentials().ufrag(), session);
    }

    IceSession find(String ufrag) {
        return byUfrag.get(ufrag);
    }

    public int size() {
        return byUfrag.size();
    }
}
