package io.braid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every pod of every overlay must have: sizes, health probes, least privilege, metrics, spreading. */
class PodInvariantsTest {

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void everyContainerHasCpuAndMemoryRequestsAndLimits(Overlay overlay) {
        // CPU requests are also what HPA utilisation is measured against.
        overlay.workloads().forEach(w -> w.containers().forEach(c -> {
            for (String kind : new String[] {"requests", "limits"}) {
                for (String resource : new String[] {"cpu", "memory"}) {
                    assertFalse(c.at("/resources/" + kind + "/" + resource).isMissingNode(),
                            overlay + ": " + w + " container " + c.path("name").asText() + " has no " + kind + "." + resource);
                }
            }
        }));
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void everyLongRunningContainerHasLivenessAndReadinessProbes(Overlay overlay) {
        overlay.workloads().filter(w -> !w.kind().equals("Job")).forEach(w -> w.containers().forEach(c -> {
            String where = overlay + ": " + w + " container " + c.path("name").asText();
            assertTrue(c.has("livenessProbe"), where + " has no livenessProbe");
            assertTrue(c.has("readinessProbe"), where + " has no readinessProbe");
        }));
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void braidContainersProbeLivenessAndReadinessDifferently(Overlay overlay) {
        // A draining Braid node turns not-ready while alive: one probe for both would restart it instead of only
        // taking it out of rotation. (The one-port local infrastructure images have only a TCP check for both.)
        overlay.braidServices().forEach(w -> {
            JsonNode c = w.braidContainer();
            assertNotEquals(handler(c.path("livenessProbe")), handler(c.path("readinessProbe")), overlay + ": " + w + ": liveness and readiness probe the same thing");
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void braidContainersProbeSmallRyeHealthOnTheirHttpPort(Overlay overlay) {
        overlay.braidServices().forEach(w -> {
            JsonNode c = w.braidContainer();
            assertProbe(w, c, "startupProbe", "/q/health/started");
            assertProbe(w, c, "livenessProbe", "/q/health/live");
            assertProbe(w, c, "readinessProbe", "/q/health/ready");
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void everyPodRunsAsNonRootWithoutCapabilities(Overlay overlay) {
        overlay.workloads().forEach(w -> w.containers().forEach(c -> {
            String where = overlay + ": " + w + " container " + c.path("name").asText();
            boolean nonRoot = c.at("/securityContext/runAsNonRoot").asBoolean(w.podSpec().at("/securityContext/runAsNonRoot").asBoolean());
            assertTrue(nonRoot, where + " may run as root (runAsNonRoot)");
            assertEquals("[\"ALL\"]", c.at("/securityContext/capabilities/drop").toString(), where + " must drop ALL capabilities");
            assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true), where + " allows privilege escalation");
        }));
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void braidContainersHaveAReadOnlyRootWithWritableTmpAndDataDir(Overlay overlay) {
        overlay.braidServices().forEach(w -> {
            JsonNode c = w.braidContainer();
            assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean(), w + ": readOnlyRootFilesystem");
            String dataDir = Workload.envValues(c).get("BRAID_NODE_DATA_DIR");
            for (String path : new String[] {"/tmp", dataDir}) {
                String volume = c.path("volumeMounts").valueStream().filter(m -> m.path("mountPath").asText().equals(path))
                        .map(m -> m.path("name").asText()).findFirst().orElse(null);
                assertTrue(volume != null, overlay + ": " + w + " mounts nothing at " + path);
                boolean emptyDir = w.podSpec().path("volumes").valueStream().anyMatch(v -> v.path("name").asText().equals(volume) && v.has("emptyDir"));
                assertTrue(emptyDir, overlay + ": " + w + " volume " + volume + " at " + path + " is not an emptyDir");
            }
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void braidPodsAreScrapedAtTheirMetricsPath(Overlay overlay) {
        overlay.braidServices().forEach(w -> {
            ServiceSource source = ServiceSource.forDeployment(w.name());
            Map<String, String> annotations = w.podAnnotations();
            assertEquals("true", annotations.get("prometheus.io/scrape"), overlay + ": " + w + " prometheus.io/scrape");
            assertEquals(String.valueOf(source.intProperty("quarkus.http.port")), annotations.get("prometheus.io/port"), overlay + ": " + w + " prometheus.io/port");
            assertEquals(source.property("quarkus.micrometer.export.prometheus.path").orElse("/q/metrics"), annotations.get("prometheus.io/path"),
                    overlay + ": " + w + " prometheus.io/path");
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void braidRolloutsAddAPodBeforeRemovingOne(Overlay overlay) {
        overlay.braidServices().forEach(w -> {
            JsonNode rolling = w.object().at("/spec/strategy/rollingUpdate");
            assertEquals(1, rolling.path("maxSurge").asInt(-1), overlay + ": " + w + " maxSurge");
            assertEquals(0, rolling.path("maxUnavailable").asInt(-1), overlay + ": " + w + " maxUnavailable");
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void podsOfARolePreferDifferentNodes(Overlay overlay) {
        // Braid services always (autoscaled ones may have any count); others once they have more than one pod.
        overlay.workloads().filter(w -> w.isBraidService() || w.object().at("/spec/replicas").asInt(1) > 1).forEach(w -> {
            JsonNode terms = w.podSpec().at("/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution");
            boolean spreads = terms.valueStream().map(t -> t.path("podAffinityTerm")).anyMatch(t ->
                    t.path("topologyKey").asText().equals("kubernetes.io/hostname")
                            && Workload.selects(Workload.strings(t.at("/labelSelector/matchLabels")), w.podLabels()));
            assertTrue(spreads, overlay + ": " + w + " has no preferred podAntiAffinity by hostname on its own labels");
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void braidPodsUseTheBraidServiceAccountWithoutAToken(Overlay overlay) {
        overlay.braidServices().forEach(w -> {
            String account = w.podSpec().path("serviceAccountName").asText();
            assertTrue(overlay.find("ServiceAccount", account).isPresent(), overlay + ": " + w + " uses service account «" + account + "», which is not rendered");
            assertFalse(w.podSpec().path("automountServiceAccountToken").asBoolean(true), overlay + ": " + w + " mounts an API token it never uses");
        });
    }

    private static void assertProbe(Workload w, JsonNode container, String probe, String path) {
        JsonNode get = container.path(probe).path("httpGet");
        assertEquals(path, get.path("path").asText(), w + " " + probe + " path");
        assertEquals("http", get.path("port").asText(), w + " " + probe + " port (the container's http port)");
    }

    /** A probe without its timing: what it checks. */
    private static String handler(JsonNode probe) {
        for (String h : new String[] {"httpGet", "tcpSocket", "exec", "grpc"}) {
            if (probe.has(h)) {
                return h + probe.get(h);
            }
        }
        return "none";
    }
}
