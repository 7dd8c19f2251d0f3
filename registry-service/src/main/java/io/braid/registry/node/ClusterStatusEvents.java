package io.braid.registry.node;

import io.braid.core.cluster.NodeRole;
import io.braid.core.event.ClusterStatusEvent;
import io.braid.core.event.EventIds;
import io.braid.core.event.Topics;
import io.braid.agent.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.jboss.logging.Logger;

/** Turns a node transition into its one {@link ClusterStatusEvent}. */
@ApplicationScoped
public class ClusterStatusEvents {
    private static final Logger LOG = Logger.getLogger(ClusterStatusEvents.class);

    @Inject
    EventPublisher publisher;

    public void publish(String type, String nodeId, Document node) {
        NodeRole role = node == null || node.getString("role") == null ? null : NodeRole.parse(node.getString("role"));
        Number last = node == null ? null : node.get("lastUpdateTime", Number.class);
        ClusterStatusEvent event = new ClusterStatusEvent(type, ClusterStatusEvent.VERSION, EventIds.next(), System.currentTimeMillis(),
                nodeId, role, node == null ? null : node.getString("nodeGroup"), node == null ? null : node.getString("ip"),
                last == null ? 0 : last.longValue());
        LOG.infof("%s: %s", type, nodeId);
        publisher.publish(Topics.CLUSTER_STATUS, nodeId, event);
    }
}
