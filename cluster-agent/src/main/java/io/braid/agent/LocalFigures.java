package io.braid.agent;

import io.braid.core.cluster.NodeLoad;

/**
 * What a service adds to its node's heartbeat and system-resources-info: its current load and, where it talks to
 * MongoDB, the mean query time. Each service provides one bean; without one, the node reports itself idle.
 */
public interface LocalFigures {

    NodeLoad load();

    /** Mean MongoDB round trip in ms, or null for a node that does not use MongoDB. */
    default Integer dbAverageQueryTimeMs() {
        return null;
    }
}
