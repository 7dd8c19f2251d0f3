package io.braid.ingest.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Prometheus figures of the origin: bytes in, streams started and ended, publishes refused by reason. */
@ApplicationScoped
public class IngestMetrics {
    @Inject
    MeterRegistry registry;
    private Counter bytesIn;

    @PostConstruct
    void init() {
        bytesIn = registry.counter("braid_ingest_received_bytes");
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
