package io.braid.core.event;

import io.braid.core.cluster.NodeRole;

/** One node status transition on {@link Topics#CLUSTER_STATUS}; published exactly once per transition. */
public record ClusterStatusEvent(
        String type,
        int version,
        String eventId,
        long time,
        String nodeId,
        NodeRole role,
        String nodeGroup,
        String ip,
        long lastUpdateTime) {

    public static final int VERSION = 1;
    public static final String NODE_JOINED = "node_joined";
    public static final String NODE_ALIVE = "node_alive";
    public static final String NODE_DEAD = "node_dead";
    public static final String NODE_REMOVED = "node_removed";
    /** The node was asked to stop and is draining: it takes no new work. */
    public static final String NODE_LEAVING = "node_leaving";
    /** The node stopped as planned and is no longer a member (never read as DEAD). */
    public static final String NODE_LEFT = "node_left";
}
