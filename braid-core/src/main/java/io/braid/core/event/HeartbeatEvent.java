package io.braid.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;
import io.braid.core.cluster.NodeState;
import io.braid.core.cluster.StreamViewers;
import java.util.List;
import java.util.Map;

/**
 * A node's periodic "I am here" on {@link Topics#NODE_HEARTBEATS}. {@code time} is the node's clock at sending;
 * the registry keeps the newest one per node. {@code resources} is the node's own system-resources-info document,
 * so the registry can answer for any node without calling it. {@code viewers} lists the streams this node has viewers
 * for (edges; null or empty elsewhere). {@code state} is null in heartbeats of nodes that predate it, which means serving.
 */
public record HeartbeatEvent(
        String type,
        int version,
        String eventId,
        long time,
        String nodeId,
        NodeRole role,
        String nodeGroup,
        String ip,
        String serverName,
        Map<String, Integer> ports,
        int cpu,
        int memory,
        boolean acceptingWork,
        long updatePeriodMs,
        NodeLoad load,
        Integer dbQueryAverageTimeMs,
        JsonNode resources,
        List<StreamViewers> viewers,
        NodeState state) {

    public static final String TYPE = "heartbeat";
    public static final int VERSION = 1;
}
