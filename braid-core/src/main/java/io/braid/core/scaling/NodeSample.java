package io.braid.core.scaling;

import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;

/** One ALIVE, serving node's figures as its last heartbeat gave them: what the scaling advice is computed from. */
public record NodeSample(String nodeId, NodeRole role, int cpu, int memory, boolean acceptingWork, NodeLoad load) {
}
