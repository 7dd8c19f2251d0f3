package io.braid.edge.webrtc;

import io.braid.core.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This edge's WebRTC viewers per stream: sessions admitted and not yet ended (connecting or playing). The heartbeat
 * reports them as the stream's {@code webrtc} count, which the registry sums into {@code webRTCViewerCount}.
 */
@ApplicationScoped
public class WebRtcViewers {
    private final Map<String, AtomicInteger> perStream = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public int of(String app, String streamId) {
        AtomicInteger n = perStream.get(Topics.streamKey(app, streamId));
        return n == null ? 0 : n.get();
    }

    public int total() {
        return total.get();
    }

    /** Per stream, only streams with viewers. */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        perStream.forEach((k, v) -> {
            if (v.get() > 0) {
                out.put(k, v.get());
            }
        });
        return out;
    }

    void added(String app, String streamId) {
        perStream.computeIfAbsent(Topics.streamKey(app, streamId), k -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
    }

    void removed(String app, String streamId) {
        perStream.computeIfPresent(Topics.streamKey(app, streamId), (k, v) -> v.decrementAndGet() <= 0 ? null : v);
        total.decrementAndGet();
    }
}
