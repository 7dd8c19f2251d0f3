package io.braid.registry.node;

import io.braid.core.event.ClusterStatusEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Finds nodes that stopped sending heartbeats and reports each one DEAD once, and forgets nodes that left long ago. Every registry replica sweeps; the
 * conditional update in {@link NodeStore#markDead} lets only one of them win each transition.
 */
@ApplicationScoped
public class StatusSweep {
    private static final Logger LOG = Logger.getLogger(StatusSweep.class);
    /** Tombstones are kept for an hour: looking for expired ones once a minute is plenty, and spares a write a second. */
    private static final long PURGE_EVERY_MS = 60_000;

    @Inject
    NodeStore nodes;
    @Inject
    ClusterStatusEvents events;

    private volatile long lastPurge;

    @Scheduled(every = "${braid.registry.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long now = System.currentTimeMillis();
        try {
            for (Document candidate : nodes.overdue(now)) {
                String id = candidate.getString("_id");
                nodes.markDead(id, now).ifPresent(before -> events.publish(ClusterStatusEvent.NODE_DEAD, id, before));
            }
            if (now - lastPurge >= PURGE_EVERY_MS) {
                nodes.purgeLeft(now);
                lastPurge = now;
            }
        } catch (RuntimeException e) {
            LOG.warnf("node status sweep failed, will retry: %s", e.getMessage());
        }
    }
}
