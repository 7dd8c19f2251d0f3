package io.braid.registry;

import static io.braid.registry.ClusterNodesTest.await;
import static io.braid.registry.ClusterNodesTest.bootstrap;
import static io.braid.registry.ClusterNodesTest.statusOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.braid.agent.heartbeat.HeartbeatPublisher;
import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;
import io.braid.core.cluster.NodeState;
import io.braid.core.event.HeartbeatEvent;
import io.braid.core.event.Topics;
import io.braid.core.json.Json;
import io.braid.testkit.EventCollector;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A planned leave as the registry sees it: the node's heartbeats say leaving, then left. It is announced once each,
 * taken out of the list, never reported DEAD, not brought back by a late heartbeat, and joins again when it restarts.
 */
@QuarkusTest
class NodeLeaveTest {
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private static void send(Producer<String, String> producer, HeartbeatEvent hb) throws Exception {
        producer.send(new ProducerRecord<>(Topics.NODE_HEARTBEATS, hb.nodeId(), Json.write(hb))).get();
    }

    private static HeartbeatEvent beat(String id, NodeState state, long time) {
        return TestAgents.heartbeat(id, NodeRole.ORIGIN, "default", NodeLoad.IDLE, PERIOD, state, time);
    }

    @Test
    void aNodeThatLeavesIsAnnouncedOnceAndNeverReadsDead() throws Exception {
        String id = "origin-l" + System.nanoTime() % 100000;
        try (EventCollector events = new EventCollector(bootstrap(), Topics.CLUSTER_STATUS);
                Producer<String, String> producer = HeartbeatPublisher.producer(bootstrap(), "test-leave")) {
            long t = System.currentTimeMillis();
            send(producer, beat(id, NodeState.SERVING, t));
            await(id + " ALIVE", Duration.ofSeconds(15), () -> "ALIVE".equals(statusOf(id)));
            given().get("/rest/v2/cluster-nodes/" + id).then().body("state", equalTo("serving")).body("acceptingWork", equalTo(true));

            send(producer, beat(id, NodeState.LEAVING, t + 100));
            await("node_leaving", Duration.ofSeconds(5), () -> events.count("node_leaving", id) == 1);
            given().get("/rest/v2/cluster-nodes/" + id).then().body("status", equalTo("ALIVE")).body("state", equalTo("leaving"))
                    .body("acceptingWork", equalTo(false));

            send(producer, beat(id, NodeState.LEFT, t + 200));
            await("node_left", Duration.ofSeconds(5), () -> events.count("node_left", id) == 1);
            given().get("/rest/v2/cluster-nodes/" + id).then().statusCode(404);
            given().get("/rest/v2/cluster-nodes").then().body("id", not(hasItem(id)));

            // An older heartbeat arriving late does not bring it back; nor is it swept DEAD after 4 periods.
            send(producer, beat(id, NodeState.SERVING, t + 150));
            Thread.sleep(PERIOD.toMillis() * 4 + 2_000);
            given().get("/rest/v2/cluster-nodes/" + id).then().statusCode(404);
            given().queryParam("status", "DEAD").get("/rest/v2/cluster-nodes").then().body("id", not(hasItem(id)));
            assertEquals(0, events.count("node_dead", id));

            // Restarted with the same id: it joins again.
            send(producer, beat(id, NodeState.SERVING, System.currentTimeMillis()));
            await(id + " back", Duration.ofSeconds(10), () -> "ALIVE".equals(statusOf(id)));
            await("second node_joined", Duration.ofSeconds(5), () -> events.count("node_joined", id) == 2);
            assertEquals(1, events.count("node_leaving", id));
            assertEquals(1, events.count("node_left", id));
        }
    }
}
