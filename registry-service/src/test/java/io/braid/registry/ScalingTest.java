package io.braid.registry;

import static io.braid.registry.ClusterNodesTest.await;
import static io.braid.registry.ClusterNodesTest.bootstrap;
import static io.braid.registry.ClusterNodesTest.statusOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import io.braid.agent.heartbeat.HeartbeatPublisher;
import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cluster's scaling advice, from real heartbeats through Kafka, as a script or an autoscaler reads it. */
@QuarkusTest
class ScalingTest {

    @Test
    void anOriginWithTooManyPublishersAsksForMoreOriginsAndSaysWhy() throws Exception {
        String id = "origin-s" + System.nanoTime() % 100000;
        // 1000 publishers on one origin against a target of 100 per origin: 10 origins, or fewer per origin if other
        // tests' (idle) origins are alive too, but always more than there are.
        HeartbeatPublisher agent = TestAgents.start(bootstrap(), id, NodeRole.ORIGIN, "default", new NodeLoad(1000, 0, 0, 0, 0, 0, 0, 0),
                Duration.ofSeconds(1));
        try {
            await(id + " ALIVE", Duration.ofSeconds(15), () -> "ALIVE".equals(statusOf(id)));
            await("advice counts it", Duration.ofSeconds(5),
                    () -> "scale_up".equals(given().get("/rest/v2/cluster/scaling").jsonPath().getString("roles.origin.action")));
            given().get("/rest/v2/cluster/scaling").then().statusCode(200)
                    .body("roles.origin.action", equalTo("scale_up"))
                    .body("roles.origin.current", greaterThanOrEqualTo(1))
                    .body("roles.origin.reasons", hasItem(containsString("publishers")))
                    .body("roles.registry.recommended", greaterThanOrEqualTo(2))
                    .body("roles.edge.recommended", greaterThanOrEqualTo(1));
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("braid_cluster_recommended_nodes{role=\"origin\"}"))
                    .body(containsString("braid_cluster_nodes{role=\"registry\"}"));
        } finally {
            agent.close();
        }
    }
}
