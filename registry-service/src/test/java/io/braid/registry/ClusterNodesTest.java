package io.braid.registry;

import io.braid.testkit.EventCollector;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.agent.heartbeat.HeartbeatPublisher;
import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;
import io.braid.core.event.Topics;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClusterNodesTest {
    private static final Duration FAST = Duration.ofSeconds(1);

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
    }

    static String statusOf(String nodeId) {
        var r = given().get("/rest/v2/cluster-nodes/" + nodeId);
        return r.statusCode() == 200 ? r.jsonPath().getString("status") : "HTTP " + r.statusCode();
    }

    @Test
    void agentIsListedFilteredAggregatedThenDeadThenRemoved() throws Exception {
        String id = "edge-t" + System.nanoTime() % 100000;
        NodeLoad load = new NodeLoad(2, 0, 1, 3, 0, 0, 0, 0);
        try (EventCollector events = new EventCollector(bootstrap(), Topics.CLUSTER_STATUS)) {
            HeartbeatPublisher agent = TestAgents.start(bootstrap(), id, NodeRole.EDGE, "eu", load, FAST);
            try {
                await(id + " ALIVE", Duration.ofSeconds(15), () -> "ALIVE".equals(statusOf(id)));
                given().get("/rest/v2/cluster-nodes/" + id).then().statusCode(200)
                        .body("role", equalTo("edge")).body("nodeGroup", equalTo("eu"))
                        .body("ports.http", equalTo(5101)).body("cpu", equalTo(12)).body("memory", equalTo(34))
                        .body("load.localHLSViewers", equalTo(3));
                given().queryParam("role", "edge").get("/rest/v2/cluster-nodes").then().body("id", hasItem(id));
                given().queryParam("nodeGroup", "eu").get("/rest/v2/cluster-nodes").then().body("id", hasItem(id));
                given().queryParam("role", "origin").get("/rest/v2/cluster-nodes").then().body("id", not(hasItem(id)));
                given().queryParam("status", "dead").get("/rest/v2/cluster-nodes").then().body("id", not(hasItem(id)));
                given().queryParam("role", "edge").get("/rest/v2/cluster-nodes/count").then().body("number", greaterThanOrEqualTo(1));
                given().get("/rest/v2/cluster/nodes/0/100").then().statusCode(200)
                        .body("find { it.id == '" + id + "' }.status", equalTo("alive"))
                        .body("find { it.id == '" + id + "' }.dbQueryAveargeTimeMs", equalTo(0));
                given().get("/rest/v2/cluster/node-count").then().body("number", greaterThanOrEqualTo(1));
                given().get("/rest/v2/system-resources-info").then().statusCode(200)
                        .body("localHLSViewers", greaterThanOrEqualTo(3))
                        .body("totalLiveStreamSize", greaterThanOrEqualTo(2))
                        .body("localWebRTCViewers", greaterThanOrEqualTo(1))
                        .body("cpuUsage.systemCPULoad", greaterThanOrEqualTo(0))
                        .body("nodes.id", hasItem(id));
                given().get("/rest/v2/system-resources").then().statusCode(200).body("nodes.id", hasItem(id));
            } finally {
                agent.close();
            }
            long stopped = System.currentTimeMillis();
            await(id + " DEAD", Duration.ofSeconds(10), () -> "DEAD".equals(statusOf(id)));
            assertTrue(System.currentTimeMillis() - stopped <= 6_000, "DEAD within 4 periods + 1 s");
            await("node_dead event", Duration.ofSeconds(5), () -> events.count("node_dead", id) == 1);
            given().queryParam("status", "DEAD").get("/rest/v2/cluster-nodes").then().body("id", hasItem(id));

            given().delete("/rest/v2/cluster-nodes/" + id).then().statusCode(200).body("success", equalTo(true));
            given().get("/rest/v2/cluster-nodes/" + id).then().statusCode(404).body("message", equalTo("no such node: " + id));
            given().delete("/rest/v2/cluster/node/" + id).then().statusCode(404);
            await("node_removed event", Duration.ofSeconds(5), () -> events.count("node_removed", id) == 1);
            assertEquals(1, events.count("node_joined", id));
            assertEquals(1, events.count("node_dead", id));
        }
    }

    @Test
    void theRegistryListsItselfWithItsDatabaseTiming() throws Exception {
        await("registry node listed", Duration.ofSeconds(15),
                () -> given().queryParam("role", "registry").get("/rest/v2/cluster-nodes").jsonPath().getList("id").size() == 1);
        given().queryParam("role", "registry").get("/rest/v2/cluster-nodes").then()
                .body("[0].status", equalTo("ALIVE")).body("[0].dbQueryAverageTimeMs", greaterThanOrEqualTo(0));
        String self = given().queryParam("role", "registry").get("/rest/v2/cluster-nodes").jsonPath().getString("[0].id");
        given().queryParam("nodeId", self).get("/rest/v2/system-resources-info").then().statusCode(200)
                .body("instanceId", equalTo(self)).body("systemInfo.processorCount", greaterThanOrEqualTo(1));
        given().queryParam("nodeId", "nobody").get("/rest/v2/system-resources-info").then().statusCode(404);
    }

    @Test
    void badNodeQueriesAreRejectedWithAMessage() {
        given().get("/rest/v2/cluster-nodes/bad%20id").then().statusCode(400).body("success", equalTo(false));
        given().get("/rest/v2/cluster-nodes/" + "x".repeat(500)).then().statusCode(400);
        given().queryParam("role", "cdn").get("/rest/v2/cluster-nodes").then().statusCode(400)
                .body("message", equalTo("unknown role 'cdn' (one of origin, edge, transcoder, registry, gateway)"));
        given().queryParam("status", "sleepy").get("/rest/v2/cluster-nodes").then().statusCode(400);
        given().queryParam("offset", -1).get("/rest/v2/cluster-nodes").then().statusCode(400);
        given().get("/rest/v2/cluster/nodes/0/abc").then().statusCode(404);
        given().delete("/rest/v2/cluster-nodes/..%2F..").then().statusCode(400);
    }
}
