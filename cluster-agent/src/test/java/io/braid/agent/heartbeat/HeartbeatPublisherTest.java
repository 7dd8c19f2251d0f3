package io.braid.agent.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;
import io.braid.core.cluster.NodeState;
import io.braid.core.event.HeartbeatEvent;
import io.braid.core.event.Topics;
import io.braid.core.json.Json;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class HeartbeatPublisherTest {

    private static HeartbeatEvent beat(NodeState state) {
        return new HeartbeatEvent(HeartbeatEvent.TYPE, HeartbeatEvent.VERSION, "e", System.currentTimeMillis(), "edge-1", NodeRole.EDGE,
                "default", "127.0.0.1", "edge", Map.of("http", 1), 1, 1, true, 5000, NodeLoad.IDLE, null, null, null, state);
    }

    @Test
    void aLastHeartbeatIsSentAtOnceAndIsTheLastOneOnTheTopic() {
        MockProducer<String, String> kafka = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        AtomicReference<NodeState> state = new AtomicReference<>(NodeState.SERVING);
        try (HeartbeatPublisher publisher = new HeartbeatPublisher(kafka, () -> beat(state.get()), Duration.ofHours(1))) {
            publisher.start(); // one beat at once, the next in an hour
            state.set(NodeState.LEAVING);
            HeartbeatEvent leaving = publisher.beatNow();
            state.set(NodeState.LEFT);
            HeartbeatEvent left = publisher.beatNow();
            assertEquals(NodeState.LEAVING, leaving.state());
            assertEquals(3, kafka.history().size(), "the start-up beat, then leaving, then left");
            assertEquals(Topics.NODE_HEARTBEATS, kafka.history().getLast().topic());
            assertEquals("edge-1", kafka.history().getLast().key());
            assertEquals(NodeState.LEFT, Json.read(kafka.history().getLast().value(), HeartbeatEvent.class).state());
            assertSame(NodeState.LEFT, left.state());
        }
    }

    @Test
    void noHeartbeatCanBeSentOnceClosed() {
        MockProducer<String, String> kafka = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        HeartbeatPublisher publisher = new HeartbeatPublisher(kafka, () -> beat(NodeState.SERVING), Duration.ofHours(1));
        publisher.close();
        assertNull(publisher.beatNow());
    }
}
