package io.braid.gateway.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BoundedLoadRingTest {
    private static final List<String> EDGES = List.of("edge-1", "edge-2", "edge-3", "edge-4");

    private static BoundedLoadRing<String> ring(List<String> nodes) {
        return new BoundedLoadRing<>(nodes, Function.identity(), 160);
    }

    @Test
    void withoutLoadAKeyAlwaysGoesToTheSameNodeAndKeysSpreadEvenly() {
        BoundedLoadRing<String> ring = ring(EDGES);
        BoundedLoadRing<String> reordered = ring(List.of("edge-4", "edge-3", "edge-2", "edge-1"));
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String key = "LiveApp/stream" + i;
            String node = ring.pick(key, n -> 0, 0.25, n -> true).orElseThrow();
            assertEquals(node, reordered.pick(key, n -> 0, 0.25, n -> true).orElseThrow(),
                    "the ring does not depend on the order nodes are listed in");
            perNode.merge(node, 1, Integer::sum);
        }
        for (int n : perNode.values()) {
            assertTrue(n > 2000 && n < 3000, "keys per node " + perNode);
        }
    }

    @Test
    void aNodeLeavingMovesOnlyTheKeysItHeld() {
        BoundedLoadRing<String> four = ring(EDGES);
        BoundedLoadRing<String> three = ring(List.of("edge-1", "edge-2", "edge-4"));
        int moved = 0;
        for (int i = 0; i < 10_000; i++) {
            String key = "LiveApp/s" + i;
            String before = four.pick(key, n -> 0, 0.25, n -> true).orElseThrow();
            String after = three.pick(key, n -> 0, 0.25, n -> true).orElseThrow();
            if (!before.equals("edge-3")) {
                assertEquals(before, after, key);
            } else {
                moved++;
            }
        }
        assertTrue(moved > 2000 && moved < 3000, "moved " + moved);
    }

    @Test
    void noNodeGoesAboveOnePlusEpsilonTimesTheAverage() {
        BoundedLoadRing<String> ring = ring(EDGES);
        Map<String, Long> load = new HashMap<>();
        // A skewed audience: most viewers want the same few streams.
        for (int i = 0; i < 20_000; i++) {
            String key = "LiveApp/" + (i % 10 < 7 ? "hot" + (i % 3) : "s" + i);
            String node = ring.pick(key, n -> load.getOrDefault(n, 0L), 0.25, n -> true).orElseThrow();
            load.merge(node, 1L, Long::sum);
            long total = load.values().stream().mapToLong(Long::longValue).sum();
            long bound = (long) Math.ceil(1.25 * total / EDGES.size());
            assertTrue(load.get(node) <= bound, "load " + load + " over " + bound);
        }
    }

    @Test
    void loadsThatChangeWhileAPickRunsStillGiveANode() {
        BoundedLoadRing<String> ring = ring(List.of("edge-a"));
        // Other requests finish and start while the walk runs: each reading of the load differs from the last.
        java.util.concurrent.atomic.AtomicLong inFlight = new java.util.concurrent.atomic.AtomicLong();
        for (int i = 0; i < 1000; i++) {
            assertEquals("edge-a", ring.pick("LiveApp/t1", n -> inFlight.getAndAdd(7), 0.25, n -> true).orElseThrow());
        }
    }

    @Test
    void onlyEligibleNodesAreChosen() {
        BoundedLoadRing<String> ring = ring(EDGES);
        for (int i = 0; i < 1000; i++) {
            String node = ring.pick("LiveApp/s" + i, n -> 0, 0.25, n -> n.equals("edge-2") || n.equals("edge-3")).orElseThrow();
            assertTrue(node.equals("edge-2") || node.equals("edge-3"), node);
        }
        assertEquals(Optional.empty(), ring.pick("LiveApp/s", n -> 0, 0.25, n -> false));
        assertEquals(Optional.empty(), ring(List.of()).pick("LiveApp/s", n -> 0, 0.25, n -> true));
        assertThrows(IllegalArgumentException.class, () -> ring.pick("k", n -> 0, 0, n -> true));
    }
}
