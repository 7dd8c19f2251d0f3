package io.braid.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeStatusTest {
    private static final Duration PERIOD = Duration.ofSeconds(5);

    @Test
    void aliveUpToFourPeriodsThenDead() {
        long last = 1_000_000;
        assertEquals(NodeStatus.ALIVE, NodeStatus.of(last, last, PERIOD));
        assertEquals(NodeStatus.ALIVE, NodeStatus.of(last, last + 20_000, PERIOD));
        assertEquals(NodeStatus.DEAD, NodeStatus.of(last, last + 20_001, PERIOD));
    }

    @Test
    void followsTheConfiguredPeriod() {
        assertEquals(NodeStatus.DEAD, NodeStatus.of(0, 4_001, Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(20), NodeStatus.deadAfter(PERIOD));
    }

    @Test
    void parsesCaseInsensitivelyAndRejectsUnknown() {
        assertEquals(NodeStatus.DEAD, NodeStatus.parse("dead"));
        assertThrows(IllegalArgumentException.class, () -> NodeStatus.parse("zombie"));
        assertEquals(NodeRole.EDGE, NodeRole.parse(" Edge "));
        assertThrows(IllegalArgumentException.class, () -> NodeRole.parse("cdn"));
    }
}
