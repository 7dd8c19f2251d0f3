package io.braid.ingest.stream;

import io.braid.agent.ClusterAgent;
import io.braid.ingest.registry.RegistryClient;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Every 10 s (Ant Media's STAT_UPDATE_PERIOD_MS) tells the registry each live stream is still here, with its ingest
 * bitrate, speed and codecs; a stream 20 s without a refresh reads {@code terminated_unexpectedly}. A stream is
 * also described as soon as its codecs are known, so its record is complete seconds after publish start.
 */
@ApplicationScoped
public class PublishRefresher {
    private static final Logger LOG = Logger.getLogger(PublishRefresher.class);

    @Inject
    LiveStreams streams;
    @Inject
    RegistryClient registry;
    @Inject
    ClusterAgent agent;

    @Scheduled(every = "${braid.origin.refresh-period:10s}", delay = 10, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshAll() {
        for (LiveStream s : streams.all()) {
            if (!s.isRendition()) {
                refresh(s);
            }
        }
        streams.purge(System.currentTimeMillis());
    }

    /** Describes streams whose codecs became known since they started. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void describeNew() {
        for (LiveStream s : streams.all()) {
            if (!s.isRendition() && !s.reportedCodecs && s.described()) {
                s.reportedCodecs = true;
                refresh(s);
            }
        }
    }

    private void refresh(LiveStream s) {
        s.sampleRates();
        registry.publishRefresh(s.app(), s.streamId(), s.report(agent.self().nodeId(), agent.self().ip())).whenComplete((held, error) -> {
            if (error != null) {
                LOG.warnf("refresh of %s/%s failed: %s", s.app(), s.streamId(), error.toString());
            } else if (!held && !s.isClosed()) {
                LOG.warnf("the registry says %s/%s is no longer held by this origin", s.app(), s.streamId());
            }
        });
    }
}
