package io.braid.agent;

import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.StreamViewers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

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

    /** Per-stream viewer counts for the heartbeat (nodes that serve viewers); streams with none are left out. */
    default List<StreamViewers> viewers() {
        return List.of();
    }

    /** A reason of the service's own to take no new work (beyond CPU and memory limits), e.g. a transcoder falling behind. */
    default Optional<String> refusal() {
        return Optional.empty();
    }

    /** Adds the service's own figures to its system-resources-info document (e.g. a transcoder's GPUs and jobs). */
    default void describe(ObjectNode resources) {
    }
}
