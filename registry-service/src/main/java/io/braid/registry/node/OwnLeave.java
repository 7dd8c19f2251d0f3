package io.braid.registry.node;

import io.braid.agent.lifecycle.NodeLeft;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * A registry that leaves records its own last heartbeat at once, through the store: read back from Kafka it might
 * reach no consumer, as this replica's is closing and it may be the only one. If another replica reads it too, the
 * second write finds a heartbeat as new as its own and changes nothing, so {@code node_left} is still sent once.
 */
@ApplicationScoped
public class OwnLeave {
    private static final Logger LOG = Logger.getLogger(OwnLeave.class);

    @Inject
    NodeStore nodes;
    @Inject
    ClusterStatusEvents events;

    void onLeft(@Observes NodeLeft left) {
        try {
            events.publishAll(nodes.recordHeartbeat(left.lastHeartbeat()), left.lastHeartbeat());
        } catch (RuntimeException e) {
            LOG.warnf("could not record this registry's leave (it will read DEAD in 20 s): %s", e.getMessage());
        }
    }
}
