package io.braid.registry.node;

import io.braid.core.cluster.NodeRole;
import io.braid.core.event.ClusterStatusEvent;
import io.braid.core.event.EventIds;
import io.braid.core.event.HeartbeatEvent;
import io.braid.core.event.Topics;
import io.braid.agent.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.bson.Document;
import org.jboss.logging.Logger;

/** Turns a node transition into its one {@link ClusterStatusEvent}. */
@ApplicationScoped
public class ClusterStatusEvents {
    private static final Logger LOG = Logger.getLogger(ClusterStatusEvents.class);

    @Inject
    EventPublisher publisher;

    /** The transitions one heartbeat caused, described by the heartbeat itself (a node that left has no document to read). */
    public void publishAll(List<String> types, HeartbeatEvent hb) {
        for (String type : types) {
            send(type, hb.nodeId(), hb.role(), hb.nodeGroup(), hb.ip(), hb.time());
        }
    }

    /** A transition found in the stored node (the sweep, a removal through the API). */
    public void publish(String type, String nodeId, Document node) {
        NodeRole role = node == null || node.getString("role") == null ? null : NodeRole.parse(node.getString("role"));
        Number last = node == null ? null : node.get("lastUpdateTime", Number.class);
        send(type, nodeId, role, node == null ? null : node.getString("nodeGroup"), node == null ? null : node.getString("ip"),
                last == null ? 0 : last.longValue());
    }

    private void send(String type, String nodeId, NodeRole role, String nodeGroup, String ip, long lastUpdateTime) {
        ClusterStatusEvent event = new ClusterStatusEvent(type, ClusterStatusEvent.VERSION, EventIds.next(), System.currentTimeMillis(),
                nodeId, role, nodeGroup, ip, lastUpdateTime);
        LOG.infof("%s: %s", type, nodeId);
        publisher.publish(Topics.CLUSTER_STATUS, nodeId, event);
    }
}
