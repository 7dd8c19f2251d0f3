package io.braid.registry;

import io.braid.testkit.EventCollector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.agent.heartbeat.HeartbeatPublisher;
import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;
import io.braid.core.event.Topics;
import io.braid.core.json.Json;
import io.braid.testkit.KafkaBroker;
import io.braid.testkit.MongoWireServer;
import io.braid.testkit.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation's acceptance: two registry replicas (packaged service processes) sharing one Kafka and one
 * MongoDB, three agents heart-beating every 5 s. Nodes appear ALIVE within 6 s; a stopped agent is DEAD within
 * 21 s with exactly one node_dead; restarted, it is ALIVE again with exactly one node_alive.
 */
class RegistryReplicasIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration PERIOD = Duration.ofSeconds(5);

    @Test
    void twoReplicasThreeAgentsExactlyOneEventPerTransition(@TempDir Path dir) throws Exception {
        Path runJar = Path.of(System.getProperty("braid.registry.run-jar", "target/quarkus-app/quarkus-run.jar"));
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"), 0);
             MongoWireServer mongo = MongoWireServer.inMemory(0)) {
            Map<String, String> common = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "db.host", mongo.connectionString());
            List<ServiceProcess> registries = new ArrayList<>();
            List<HeartbeatPublisher> agents = new ArrayList<>();
            try (EventCollector events = new EventCollector(kafka.bootstrapServers(), Topics.CLUSTER_STATUS)) {
                for (int i = 1; i <= 2; i++) {
                    Map<String, String> config = new java.util.HashMap<>(common);
                    config.put("braid.node.data-dir", dir.resolve("registry-" + i).toString());
                    registries.add(ServiceProcess.start("registry-" + i, runJar, config, dir.resolve("registry-" + i)));
                }
                String[] ids = {"origin-it1", "edge-it2", "transcoder-it3"};
                NodeRole[] roles = {NodeRole.ORIGIN, NodeRole.EDGE, NodeRole.TRANSCODER};
                long started = System.currentTimeMillis();
                for (int i = 0; i < 3; i++) {
                    agents.add(TestAgents.start(kafka.bootstrapServers(), ids[i], roles[i], "default", NodeLoad.IDLE, PERIOD));
                }
                for (ServiceProcess registry : registries) {
                    for (String id : ids) {
                        ClusterNodesTest.await(id + " ALIVE on " + registry.name(), Duration.ofSeconds(6).minusMillis(System.currentTimeMillis() - started),
                                () -> "ALIVE".equals(status(registry, id)));
                    }
                }
                long visibleAfter = System.currentTimeMillis() - started;
                System.out.printf("three agents ALIVE on both replicas after %d ms%n", visibleAfter);

                agents.get(1).close();
                long stopped = System.currentTimeMillis();
                ClusterNodesTest.await("edge-it2 DEAD", Duration.ofSeconds(21), () -> "DEAD".equals(status(registries.get(0), "edge-it2")));
                long deadAfter = System.currentTimeMillis() - stopped;
                System.out.printf("stopped agent DEAD after %d ms%n", deadAfter);
                ClusterNodesTest.await("node_dead event", Duration.ofSeconds(5), () -> events.count("node_dead", "edge-it2") >= 1);
                Thread.sleep(3000); // both replicas sweep every second: give a duplicate the chance to appear
                assertEquals(1, events.count("node_dead", "edge-it2"), "exactly one node_dead with two replicas sweeping");
                assertEquals("DEAD", status(registries.get(1), "edge-it2"));
                assertEquals("ALIVE", status(registries.get(1), "origin-it1"));

                agents.set(1, TestAgents.start(kafka.bootstrapServers(), "edge-it2", NodeRole.EDGE, "default", NodeLoad.IDLE, PERIOD));
                ClusterNodesTest.await("edge-it2 ALIVE again", Duration.ofSeconds(10), () -> "ALIVE".equals(status(registries.get(1), "edge-it2")));
                ClusterNodesTest.await("node_alive event", Duration.ofSeconds(5), () -> events.count("node_alive", "edge-it2") >= 1);
                Thread.sleep(3000);
                assertEquals(1, events.count("node_alive", "edge-it2"));
                for (String id : ids) {
                    assertEquals(1, events.count("node_joined", id), "one node_joined for " + id);
                }
                assertEquals(0, events.count("node_dead", "origin-it1"));
                assertTrue(deadAfter <= 21_000);
            } finally {
                agents.forEach(HeartbeatPublisher::close);
                registries.forEach(ServiceProcess::close);
            }
        }
    }

    static String status(ServiceProcess registry, String nodeId) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/rest/v2/cluster-nodes/" + nodeId))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return "HTTP " + r.statusCode();
            }
            JsonNode node = Json.read(r.body(), JsonNode.class);
            return node.path("status").asText();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
