package io.braid.registry;

import io.braid.agent.heartbeat.HeartbeatPublisher;
import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;
import io.braid.core.cluster.NodeState;
import io.braid.core.event.EventIds;
import io.braid.core.event.HeartbeatEvent;
import java.time.Duration;
import java.util.Map;

/** Real cluster agents (the agent's own heartbeat publisher over Kafka) standing for nodes of other roles. */
public final class TestAgents {
    private TestAgents() {
    }

    public static HeartbeatPublisher start(String bootstrap, String nodeId, NodeRole role, String group, NodeLoad load, Duration period) {
        HeartbeatPublisher publisher = new HeartbeatPublisher(HeartbeatPublisher.producer(bootstrap, "test-" + nodeId),
                () -> heartbeat(nodeId, role, group, load, period), period);
        publisher.start();
        return publisher;
    }

    public static HeartbeatEvent heartbeat(String nodeId, NodeRole role, String group, NodeLoad load, Duration period) {
        return heartbeat(nodeId, role, group, load, period, NodeState.SERVING, System.currentTimeMillis());
    }

    /** A heartbeat in a given state, stamped with a given time (to send one late, or out of order). */
    public static HeartbeatEvent heartbeat(String nodeId, NodeRole role, String group, NodeLoad load, Duration period, NodeState state, long time) {
        return new HeartbeatEvent(HeartbeatEvent.TYPE, HeartbeatEvent.VERSION, EventIds.next(), time, nodeId,
                role, group, "127.0.0.1", nodeId + ".local",
                role == NodeRole.ORIGIN ? Map.of("http", 5101, "rtmp", 1936) : Map.of("http", 5101), 12, 34, true, period.toMillis(), load, null, null, null, state);
    }
}
