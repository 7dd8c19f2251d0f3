package io.braid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Services reach the pods they mean to, on ports those pods have; disruption budgets cover every role. */
class NetworkingTest {

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void everyServiceSelectsPodsThatHaveItsTargetPorts(Overlay overlay) {
        overlay.ofKind("Service").forEach(service -> {
            String name = service.at("/metadata/name").asText();
            Map<String, String> selector = Workload.strings(service.at("/spec/selector"));
            List<Workload> selected = overlay.workloads().filter(w -> Workload.selects(selector, w.podLabels())).toList();
            assertTrue(!selected.isEmpty(), overlay + ": Service " + name + " selects no pods (" + selector + ")");
            for (JsonNode port : service.at("/spec/ports")) {
                for (Workload w : selected) {
                    assertTrue(hasTargetPort(w, port), overlay + ": Service " + name + " port " + port + " has no matching container port in " + w);
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void externallyReachableServicesKeepTheClientsAddress(Overlay overlay) {
        overlay.ofKind("Service").filter(s -> List.of("NodePort", "LoadBalancer").contains(s.at("/spec/type").asText())).forEach(s ->
                assertEquals("Local", s.at("/spec/externalTrafficPolicy").asText(), overlay + ": Service " + s.at("/metadata/name").asText()));
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void originsTakeSrtOnUdp4200AndRtmpFromOutside(Overlay overlay) {
        JsonNode ingest = overlay.find("Service", "origin-ingest").orElseThrow(() -> new AssertionError(overlay + ": no origin-ingest Service"));
        assertTrue(Workload.selects(Workload.strings(ingest.at("/spec/selector")), overlay.braidService("origin").podLabels()), "origin-ingest selects origins");
        assertServicePort(overlay, ingest, 4200, "UDP");
        assertServicePort(overlay, ingest, 1935, "TCP");
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void theGatewayServiceIsThePublicEntryPoint(Overlay overlay) {
        JsonNode gateway = overlay.find("Service", "gateway").orElseThrow(() -> new AssertionError(overlay + ": no gateway Service"));
        assertServicePort(overlay, gateway, 5080, "TCP");
        assertServicePort(overlay, gateway, 1935, "TCP");
        if (overlay.name().equals("production")) {
            for (JsonNode s : List.of(gateway, overlay.find("Service", "origin-ingest").orElseThrow())) {
                assertEquals("LoadBalancer", s.at("/spec/type").asText(), overlay + ": Service " + s.at("/metadata/name").asText() + " type");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void disruptionBudgetsCoverOneWorkloadEachAndEveryRole(Overlay overlay) {
        overlay.ofKind("PodDisruptionBudget").forEach(pdb -> {
            Map<String, String> selector = Workload.strings(pdb.at("/spec/selector/matchLabels"));
            long matched = overlay.workloads().filter(w -> Workload.selects(selector, w.podLabels())).count();
            assertEquals(1, matched, overlay + ": PodDisruptionBudget " + pdb.at("/metadata/name").asText() + " matches " + matched + " workloads");
        });
        // Braid's roles and the quorum-keeping StatefulSets; a one-pod development Deployment has nothing to budget.
        overlay.workloads().filter(w -> w.isBraidService() || w.kind().equals("StatefulSet")).forEach(w -> assertTrue(
                overlay.ofKind("PodDisruptionBudget").anyMatch(pdb -> Workload.selects(Workload.strings(pdb.at("/spec/selector/matchLabels")), w.podLabels())),
                overlay + ": " + w + " has no PodDisruptionBudget"));
    }

    private static void assertServicePort(Overlay overlay, JsonNode service, int port, String protocol) {
        boolean found = service.at("/spec/ports").valueStream()
                .anyMatch(p -> p.path("port").asInt() == port && p.path("protocol").asText("TCP").equals(protocol));
        assertTrue(found, overlay + ": Service " + service.at("/metadata/name").asText() + " has no " + port + "/" + protocol);
    }

    /** Whether a container of w has the Service port's target (by name or number) with the same protocol. */
    private static boolean hasTargetPort(Workload w, JsonNode servicePort) {
        JsonNode target = servicePort.has("targetPort") ? servicePort.get("targetPort") : servicePort.get("port");
        String protocol = servicePort.path("protocol").asText("TCP");
        return w.containers().flatMap(c -> c.path("ports").valueStream()).anyMatch(p ->
                (target.isInt() ? p.path("containerPort").asInt() == target.asInt() : p.path("name").asText().equals(target.asText()))
                        && p.path("protocol").asText("TCP").equals(protocol));
    }
}
