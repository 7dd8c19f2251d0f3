package io.braid.registry.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.braid.core.cluster.NodeState;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Which cluster status events one heartbeat owes, from what was stored before it. */
class NodeTransitionsTest {

    private static Document stored(String status, String state) {
        Document d = new Document("status", status);
        return state == null ? d : d.append("state", state);
    }

    @Test
    void aNewNodeJoinsAndAServingNodeOwesNothing() {
        assertEquals(List.of("node_joined"), NodeStore.transitions(null, NodeState.SERVING));
        assertEquals(List.of(), NodeStore.transitions(stored("ALIVE", "serving"), NodeState.SERVING));
        assertEquals(List.of(), NodeStore.transitions(stored("ALIVE", null), NodeState.SERVING), "stored before states existed");
    }

    @Test
    void aPlannedLeaveIsLeavingOnceThenLeftOnce() {
        assertEquals(List.of("node_leaving"), NodeStore.transitions(stored("ALIVE", "serving"), NodeState.LEAVING));
        assertEquals(List.of(), NodeStore.transitions(stored("ALIVE", "leaving"), NodeState.LEAVING));
        assertEquals(List.of("node_left"), NodeStore.transitions(stored("ALIVE", "leaving"), NodeState.LEFT));
        assertEquals(List.of("node_left"), NodeStore.transitions(stored("ALIVE", "serving"), NodeState.LEFT), "its leaving beat was lost");
    }

    @Test
    void aDeadNodeThatComesBackIsAliveAndOneThatLeftJoinsAgain() {
        assertEquals(List.of("node_alive"), NodeStore.transitions(stored("DEAD", "serving"), NodeState.SERVING));
        assertEquals(List.of("node_alive", "node_leaving"), NodeStore.transitions(stored("DEAD", "serving"), NodeState.LEAVING));
        assertEquals(List.of("node_left"), NodeStore.transitions(stored("DEAD", "leaving"), NodeState.LEFT));
        assertEquals(List.of("node_joined"), NodeStore.transitions(stored("LEFT", "left"), NodeState.SERVING), "a restart after leaving");
        assertEquals(List.of(), NodeStore.transitions(stored("LEFT", "left"), NodeState.LEFT));
        assertEquals(List.of(), NodeStore.transitions(null, NodeState.LEFT), "never a member: nothing to announce");
    }
}
