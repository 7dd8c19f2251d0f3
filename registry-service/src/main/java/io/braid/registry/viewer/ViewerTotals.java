package io.braid.registry.viewer;

import io.braid.core.broadcast.Broadcast;
import io.braid.core.event.Topics;
import io.braid.registry.node.NodeStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * A broadcast's HLS, DASH and WebRTC viewer counts, summed on read over the per-stream counts that ALIVE nodes put in their
 * latest heartbeat. Nothing is written per viewer and nothing needs resetting: an edge that restarts replaces its
 * counts with its next heartbeat, and one that dies stops counting the moment it is past its deadline, so no ghost
 * viewers remain. Each edge counts a session once and a session lives on one edge, so there is no double counting.
 * The sums are computed at most twice a second, however many API reads there are.
 */
@ApplicationScoped
public class ViewerTotals {
    private static final long REFRESH_MS = 500;

    /** Viewers of one stream across the cluster. */
    public record Counts(int hls, int dash, int webrtc) {
        static final Counts NONE = new Counts(0, 0, 0);

        Counts plus(Counts more) {
            return new Counts(hls + more.hls, dash + more.dash, webrtc + more.webrtc);
        }
    }

    @Inject
    NodeStore nodes;

    private volatile Map<String, Counts> totals = Map.of();
    private volatile long computedAt;

    public Counts of(String app, String streamId) {
        return current().getOrDefault(Topics.streamKey(app, streamId), Counts.NONE);
    }

    /** All streams of one application, summed. */
    public Counts ofApp(String app) {
        Counts sum = Counts.NONE;
        String prefix = app + "/";
        for (Map.Entry<String, Counts> e : current().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                sum = sum.plus(e.getValue());
            }
        }
        return sum;
    }

    /** Sets the live counts on a broadcast read from the database (where the counts are not kept). */
    public Broadcast fill(String app, Broadcast b) {
        Counts c = of(app, b.streamId);
        b.hlsViewerCount = c.hls();
        b.dashViewerCount = c.dash();
        b.webRTCViewerCount = c.webrtc();
        return b;
    }

    private Map<String, Counts> current() {
        long now = System.currentTimeMillis();
        if (now - computedAt >= REFRESH_MS) {
            synchronized (this) {
                if (now - computedAt >= REFRESH_MS) {
                    totals = sum(nodes.aliveViewerReports(now));
                    computedAt = now;
                }
            }
        }
        return totals;
    }

    static Map<String, Counts> sum(List<Document> nodeReports) {
        Map<String, Counts> sums = new HashMap<>();
        for (Document node : nodeReports) {
            List<Document> viewers = node.getList("viewers", Document.class);
            if (viewers == null) {
                continue;
            }
            for (Document v : viewers) {
                sums.merge(Topics.streamKey(v.getString("app"), v.getString("streamId")),
                        new Counts(v.getInteger("hls", 0), v.getInteger("dash", 0), v.getInteger("webrtc", 0)), Counts::plus);
            }
        }
        return Map.copyOf(sums);
    }
}
