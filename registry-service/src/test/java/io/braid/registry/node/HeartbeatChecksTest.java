package io.braid.registry.node;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;
import io.braid.core.cluster.NodeState;
import io.braid.core.cluster.StreamViewers;
import io.braid.core.event.HeartbeatEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatChecksTest {

    private static HeartbeatEvent edge(List<StreamViewers> viewers) {
        return new HeartbeatEvent(HeartbeatEvent.TYPE, HeartbeatEvent.VERSION, "id", System.currentTimeMillis(), "edge-1",
                NodeRole.parse("edge"), "default", "127.0.0.1", "edge", Map.of("http", 5200), 1, 2, true, 5000, NodeLoad.IDLE,
                null, null, viewers, NodeState.SERVING);
    }

    @Test
    void viewerCountsAreCheckedBeforeTheyAreSummed() {
        assertNull(HeartbeatChecks.problem(edge(null)));
        assertNull(HeartbeatChecks.problem(edge(List.of(new StreamViewers("LiveApp", "t1", 3, 0)))));
        assertNotNull(HeartbeatChecks.problem(edge(List.of(new StreamViewers("Live/App", "t1", 3, 0)))));
        assertNotNull(HeartbeatChecks.problem(edge(List.of(new StreamViewers("LiveApp", "t1$", 3, 0)))));
        assertNotNull(HeartbeatChecks.problem(edge(List.of(new StreamViewers("LiveApp", "t1", -1, 0)))));
        List<StreamViewers> many = new ArrayList<>();
        for (int i = 0; i <= HeartbeatChecks.MAX_VIEWED_STREAMS; i++) {
            many.add(new StreamViewers("LiveApp", "s" + i, 1, 0));
        }
        assertNotNull(HeartbeatChecks.problem(edge(many)));
        List<StreamViewers> withNull = new ArrayList<>();
        withNull.add(null);
        assertNotNull(HeartbeatChecks.problem(edge(withNull)));
    }
}
