package io.braid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Edges, origins and transcoders scale: by CPU HPAs in the local overlay, by KEDA (CPU plus Braid's own
 * figures from Prometheus) in production. Nothing here runs an autoscaler (there is no API server): these
 * are the properties of the objects that decide what one would do.
 */
class AutoscalingTest {
    static final Set<String> AUTOSCALED = Set.of("edge", "origin", "transcoder");
    private static final Pattern METRIC_IN_QUERY = Pattern.compile("\\b(braid_[a-z_]+)\\b");

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void everyAutoscalerTargetsAWorkloadThatExists(Overlay overlay) {
        autoscalers(overlay).forEach(a -> {
            JsonNode ref = a.at("/spec/scaleTargetRef");
            String kind = ref.path("kind").asText("Deployment");
            assertTrue(overlay.find(kind, ref.path("name").asText()).isPresent(),
                    overlay + ": " + a.path("kind").asText() + " " + a.at("/metadata/name").asText() + " targets missing " + kind + " " + ref.path("name").asText());
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void noWorkloadHasTwoAutoscalers(Overlay overlay) {
        // KEDA makes an HPA of its own for each ScaledObject: a plain HPA beside it would fight it.
        Set<String> seen = new HashSet<>();
        autoscalers(overlay).forEach(a -> assertTrue(seen.add(a.at("/spec/scaleTargetRef/name").asText()),
                overlay + ": " + a.at("/spec/scaleTargetRef/name").asText() + " has both an HPA and a ScaledObject (or two of one)"));
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void edgesOriginsAndTranscodersAreAutoscaledTheOverlaysWay(Overlay overlay) {
        String kind = overlay.name().equals("production") ? "ScaledObject" : "HorizontalPodAutoscaler";
        Set<String> targets = overlay.ofKind(kind).map(a -> a.at("/spec/scaleTargetRef/name").asText()).collect(Collectors.toSet());
        assertEquals(AUTOSCALED, targets, overlay + ": targets of " + kind);
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void autoscaledDeploymentsLeaveTheReplicaCountToTheAutoscaler(Overlay overlay) {
        // Otherwise every kubectl apply resets the count and kills the pods the autoscaler added.
        autoscalers(overlay).forEach(a -> {
            String target = a.at("/spec/scaleTargetRef/name").asText();
            overlay.find("Deployment", target).ifPresent(d ->
                    assertFalse(d.at("/spec").has("replicas"), overlay + ": Deployment " + target + " sets replicas"));
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void scaleUpIsFastAndScaleDownRemovesOnePodPerFiveMinutes(Overlay overlay) {
        autoscalers(overlay).forEach(a -> {
            String where = overlay + ": " + a.path("kind").asText() + " " + a.at("/metadata/name").asText();
            JsonNode behavior = a.path("kind").asText().equals("ScaledObject") ? a.at("/spec/advanced/horizontalPodAutoscalerConfig/behavior") : a.at("/spec/behavior");
            assertEquals(0, behavior.at("/scaleUp/stabilizationWindowSeconds").asInt(-1), where + " scale-up stabilization");
            assertTrue(behavior.at("/scaleDown/stabilizationWindowSeconds").asInt() >= 300, where + " scale-down stabilization < 300 s");
            JsonNode down = behavior.at("/scaleDown/policies");
            assertFalse(down.isEmpty(), where + " has no scale-down policy");
            down.forEach(p -> assertTrue(p.path("type").asText().equals("Pods") && p.path("value").asInt() <= 1 && p.path("periodSeconds").asInt() >= 300,
                    where + " scale-down policy " + p + " removes more than one pod per 5 minutes"));
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void cpuTargetsAreSeventyForEdgesAndSeventyFiveForOrigins(Overlay overlay) {
        assertEquals(70, cpuTarget(overlay, "edge"), overlay + ": edge CPU target");
        assertEquals(75, cpuTarget(overlay, "origin"), overlay + ": origin CPU target");
        assertTrue(cpuTarget(overlay, "transcoder") > 0, overlay + ": transcoder CPU target");
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void prometheusTriggersAreCompleteAndQueryMetricsTheServicesExport(Overlay overlay) {
        Set<String> exported = ServiceSource.metricNames();
        overlay.ofKind("ScaledObject").forEach(so -> so.at("/spec/triggers").forEach(t -> {
            if (!t.path("type").asText().equals("prometheus")) {
                return;
            }
            String where = overlay + ": ScaledObject " + so.at("/metadata/name").asText();
            for (String field : List.of("serverAddress", "query", "threshold")) {
                assertFalse(t.at("/metadata/" + field).asText().isBlank(), where + " prometheus trigger has no " + field);
            }
            Double.parseDouble(t.at("/metadata/threshold").asText());
            Matcher m = METRIC_IN_QUERY.matcher(t.at("/metadata/query").asText());
            assertTrue(m.find(), where + " query names no braid_ metric");
            do {
                String metric = m.group(1);
                assertTrue(exported.contains(metric), where + " queries " + metric + ", which no service exports");
            } while (m.find());
        }));
    }

    private static List<JsonNode> autoscalers(Overlay overlay) {
        return overlay.objects().stream().filter(o -> Set.of("HorizontalPodAutoscaler", "ScaledObject").contains(o.path("kind").asText())).toList();
    }

    /** The CPU utilisation target of the autoscaler of a Deployment, whichever kind it is. */
    private static int cpuTarget(Overlay overlay, String deployment) {
        JsonNode a = autoscalers(overlay).stream().filter(x -> x.at("/spec/scaleTargetRef/name").asText().equals(deployment)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": " + deployment + " has no autoscaler"));
        if (a.path("kind").asText().equals("ScaledObject")) {
            return a.at("/spec/triggers").valueStream().filter(t -> t.path("type").asText().equals("cpu"))
                    .mapToInt(t -> t.at("/metadata/value").asInt()).findFirst().orElse(-1);
        }
        return a.at("/spec/metrics").valueStream().filter(m -> m.at("/resource/name").asText().equals("cpu"))
                .mapToInt(m -> m.at("/resource/target/averageUtilization").asInt()).findFirst().orElse(-1);
    }
}
