package io.braid.core.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingAdvisorTest {
    private final ScalingAdvisor advisor = new ScalingAdvisor(ScalingTargets.DEFAULTS);

    private static NodeSample origin(int cpu, int publishers) {
        return new NodeSample("o" + cpu + "-" + publishers, NodeRole.ORIGIN, cpu, 30, true, new NodeLoad(publishers, 0, 0, 0, 0, 0, 0, 0));
    }

    private static NodeSample edge(int cpu, int viewers, boolean accepting) {
        return new NodeSample("e" + cpu, NodeRole.EDGE, cpu, 10, accepting, new NodeLoad(0, 0, 0, viewers, 0, 0, 0, 0));
    }

    private static ScalingAdvice of(List<ScalingAdvice> all, NodeRole role) {
        return all.stream().filter(a -> a.role() == role).findFirst().orElseThrow();
    }

    @Test
    void busyOriginsAskForMoreAsTheHpaWould() {
        // mean CPU 90 % against 75 %: 2 × 1.2 → 3 (what Kubernetes' HPA computes from the same figures)
        ScalingAdvice a = of(advisor.advise(List.of(origin(85, 10), origin(95, 10))), NodeRole.ORIGIN);
        assertEquals(2, a.current());
        assertEquals(3, a.recommended());
        assertEquals(1, a.direction());
        assertTrue(a.reasons().stream().anyMatch(r -> r.equals("mean CPU 90% against a target of 75: 2 × 1.20 → 3")), a.reasons().toString());
    }

    @Test
    void theSignalThatAsksForMostDecides() {
        // CPU is low, but 250 publishers per origin against 100: 2 × 2.5 → 5
        ScalingAdvice a = of(advisor.advise(List.of(origin(20, 240), origin(20, 260))), NodeRole.ORIGIN);
        assertEquals(5, a.recommended());
    }

    @Test
    void withinTheToleranceNothingChangesAndIdleNodesMayGoButNeverTheLastOne() {
        assertEquals(2, of(advisor.advise(List.of(edge(66, 0, true), edge(74, 0, true))), NodeRole.EDGE).recommended(), "70 % ± 10 %");
        ScalingAdvice idle = of(advisor.advise(List.of(edge(10, 5, true), edge(12, 5, true), edge(8, 5, true), edge(10, 5, true))), NodeRole.EDGE);
        assertEquals(1, idle.recommended(), idle.reasons().toString());
        assertEquals(-1, idle.direction());
        ScalingAdvice none = of(advisor.advise(List.of()), NodeRole.EDGE);
        assertEquals(0, none.current());
        assertEquals(1, none.recommended());
    }

    @Test
    void aRoleWhoseEveryNodeRefusesWorkGetsOneMore() {
        // Means under target (memory full on one node would not show in a mean CPU), but nobody accepts: +1.
        ScalingAdvice a = of(advisor.advise(List.of(edge(50, 10, false), edge(50, 10, false))), NodeRole.EDGE);
        assertEquals(3, a.recommended());
        assertTrue(a.reasons().contains("every edge refuses new work: one more"));
    }

    @Test
    void registriesStayAtTwoWhateverTheLoad() {
        ScalingAdvice r = of(advisor.advise(List.of(new NodeSample("r", NodeRole.REGISTRY, 99, 99, true, NodeLoad.IDLE))), NodeRole.REGISTRY);
        assertEquals(1, r.current());
        assertEquals(2, r.recommended());
    }

    @Test
    void targetsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ScalingTargets(5, 70, 75, 75, 100, 2000, 4, 30));
        assertThrows(IllegalArgumentException.class, () -> new ScalingTargets(75, 70, 75, 75, 0, 2000, 4, 30));
    }
}
