package io.braid.edge.http;

import io.braid.edge.delivery.EdgeCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Viewer-side figures in Prometheus: requests by kind and cache outcome ({@code braid_edge_requests_total{kind,
 * cache}}), the cache hit ratio over all viewer requests, and bytes sent to viewers.
 */
@ApplicationScoped
public class EdgeMetrics {
    @Inject
    MeterRegistry registry;
    @Inject
    EdgeCache cache;

    private Counter playlistHits;
    private Counter playlistMisses;
    private Counter segmentHits;
    private Counter segmentMisses;
    private Counter bytesOut;

    @PostConstruct
    void init() {
        playlistHits = registry.counter("braid_edge_requests", "kind", "playlist", "cache", "hit");
        playlistMisses = registry.counter("braid_edge_requests", "kind", "playlist", "cache", "miss");
        segmentHits = registry.counter("braid_edge_requests", "kind", "segment", "cache", "hit");
        segmentMisses = registry.counter("braid_edge_requests", "kind", "segment", "cache", "miss");
        bytesOut = registry.counter("braid_edge_sent_bytes");
        Gauge.builder("braid_edge_cache_hit_ratio", this, EdgeMetrics::hitRatio).description("viewer requests answered from the cache").register(registry);
    }

    public void request(boolean playlist, boolean hit) {
        (playlist ? hit ? playlistHits : playlistMisses : hit ? segmentHits : segmentMisses).increment();
    }

    public void sent(long bytes) {
        bytesOut.increment(bytes);
    }

    private double hitRatio() {
        long hits = cache.objects().hits();
        long all = hits + cache.objects().misses();
        return all == 0 ? 0 : (double) hits / all;
    }
}
