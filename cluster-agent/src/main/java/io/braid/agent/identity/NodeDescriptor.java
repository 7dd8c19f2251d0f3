package io.braid.agent.identity;

import io.braid.core.cluster.NodeRole;
import java.util.Map;

/** Who this node is, as every heartbeat tells it. */
public record NodeDescriptor(String nodeId, NodeRole role, String nodeGroup, String ip, String serverName, Map<String, Integer> ports) {
}
