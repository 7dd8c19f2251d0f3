package io.braid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifests against the services' own configuration, read from their sources now: a renamed key or a
 * changed port fails here instead of in a cluster.
 */
class ServiceConfigTest {
    /** Environment variables that are not configuration keys: for the JVM and native libraries. */
    static final Set<String> NOT_CONFIG = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "HOME");

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void httpPortIsTheServicesOwn(Overlay overlay) {
        overlay.braidServices().forEach(w -> {
            ServiceSource source = ServiceSource.forDeployment(w.name());
            assertPort(overlay, w, "http", "TCP", source.intProperty("quarkus.http.port"));
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void mediaPortsAreTheServicesOwn(Overlay overlay) {
        ServiceSource ingest = ServiceSource.forDeployment("origin");
        Workload origin = overlay.braidService("origin");
        assertPort(overlay, origin, "rtmp", "TCP", ingest.intProperty("braid.rtmp.port"));
        assertPort(overlay, origin, "srt", "UDP", ingest.intProperty("braid.srt.port"));
        assertPort(overlay, origin, "whip-udp", "UDP", ingest.intProperty("braid.whip.udp-port"));
        Workload gateway = overlay.braidService("gateway");
        assertPort(overlay, gateway, "rtmp", "TCP", ServiceSource.forDeployment("gateway").intProperty("braid.gateway.rtmp-port"));
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void advertisedPortsAreContainerPorts(Overlay overlay) {
        overlay.braidServices().forEach(w -> Workload.envValues(w.braidContainer()).forEach((name, value) -> {
            if (name.startsWith("BRAID_NODE_PORTS_")) {
                String port = name.substring("BRAID_NODE_PORTS_".length()).toLowerCase();
                assertEquals(String.valueOf(containerPort(w, port).path("containerPort").asInt()), value, overlay + ": " + w + " " + name);
            }
        }));
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void everyEnvironmentVariableIsAKeyTheServiceReads(Overlay overlay) {
        overlay.braidServices().forEach(w -> {
            ServiceSource source = ServiceSource.forDeployment(w.name());
            for (JsonNode e : w.braidContainer().path("env")) {
                String name = e.path("name").asText();
                if (NOT_CONFIG.contains(name)) {
                    continue;
                }
                assertTrue(source.keyForEnv(name).isPresent(), overlay + ": " + w + " sets " + name + ", which " + source.module()
                        + " (with cluster-agent) does not read: no configuration key maps to it");
            }
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void resourceLimitsArePercentagesTheServicesAccept(Overlay overlay) {
        overlay.braidServices().forEach(w -> {
            Map<String, String> env = Workload.envValues(w.braidContainer());
            for (String name : new String[] {"SERVER_CPU_LIMIT", "SERVER_MEMORY_LIMIT"}) {
                int percent = Integer.parseInt(env.getOrDefault(name, "75"));
                assertTrue(percent >= 10 && percent <= 100, overlay + ": " + w + " " + name + "=" + percent + " (10-100)");
            }
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void referencedConfigMapsSecretsAndLabelsExist(Overlay overlay) {
        overlay.workloads().forEach(w -> w.containers().forEach(c -> {
            for (JsonNode e : c.path("env")) {
                String where = overlay + ": " + w + " env " + e.path("name").asText();
                JsonNode from = e.path("valueFrom");
                if (from.has("configMapKeyRef")) {
                    assertKey(overlay, "ConfigMap", from.get("configMapKeyRef"), where);
                } else if (from.has("secretKeyRef")) {
                    assertKey(overlay, "Secret", from.get("secretKeyRef"), where);
                } else if (from.has("fieldRef")) {
                    String path = from.at("/fieldRef/fieldPath").asText();
                    if (path.startsWith("metadata.labels['")) {
                        String label = path.substring("metadata.labels['".length(), path.length() - 2);
                        // apps.kubernetes.io/pod-index is set by the StatefulSet controller itself.
                        assertTrue(w.podLabels().containsKey(label) || (w.kind().equals("StatefulSet") && label.equals("apps.kubernetes.io/pod-index")),
                                where + " reads pod label " + label + ", which the pod template does not have");
                    }
                }
            }
        }));
    }

    /** Secrets the production overlay expects the operator to create (docs/kubernetes.md), so not rendered. */
    static final Set<String> CREATED_BY_OPERATOR = Set.of("braid-secrets");

    private static void assertKey(Overlay overlay, String kind, JsonNode ref, String where) {
        String name = ref.path("name").asText();
        var object = overlay.find(kind, name);
        if (object.isEmpty() && kind.equals("Secret") && CREATED_BY_OPERATOR.contains(name) && overlay.name().equals("production")) {
            return;
        }
        assertTrue(object.isPresent(), where + " refers to " + kind + " " + name + ", which is not rendered");
        String key = ref.path("key").asText();
        assertTrue(object.get().path("data").has(key), where + " refers to key " + key + ", which " + kind + " " + name + " lacks");
    }

    private static void assertPort(Overlay overlay, Workload w, String name, String protocol, int expected) {
        JsonNode port = containerPort(w, name);
        assertEquals(expected, port.path("containerPort").asInt(), overlay + ": " + w + " port " + name);
        assertEquals(protocol, port.path("protocol").asText("TCP"), overlay + ": " + w + " port " + name + " protocol");
    }

    private static JsonNode containerPort(Workload w, String name) {
        return w.braidContainer().path("ports").valueStream().filter(p -> p.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(w + " has no container port named " + name));
    }
}
