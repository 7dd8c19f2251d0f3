package io.braid.ingest.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Prometheus figures of the origin: bytes in, streams started and ended, publishes refused by reason, and the
 * streams encoders publish here now ({@code braid_origin_publishers}, an autoscaling signal: renditions not counted).
 */
@ApplicationScoped
public class IngestMetrics {
    @Inject
    MeterRegistry registry;
    @Inject
    LiveStreams streams;
    private Counter bytesIn;

    @PostConstruct
    void init() {
        bytesIn = registry.counter("braid_ingest_received_bytes");
        registry.gauge("braid_origin_publishers", streams, s -> s.all().stream().filter(stream -> !stream.isRendition()).count());
    }

    public void bytesIn(long n) {
        bytesIn.increment(n);
    }

    public void streamStarted(String protocol) {
        registry.counter("braid_ingest_streams_started", "protocol", protocol).increment();
    }

    public void streamEnded(String protocol) {
        registry.counter("braid_ingest_streams_ended", "protocol", protocol).increment();
    }

    /** @param reason a short word: invalidStreamName, highResourceUsage, streamIdInUse, ... */
    public void rejected(String protocol, String reason) {
        Counter.builder("braid_ingest_publish_rejections").tag("protocol", protocol).tag("reason", reason).register(registry).increment();
    }
}
