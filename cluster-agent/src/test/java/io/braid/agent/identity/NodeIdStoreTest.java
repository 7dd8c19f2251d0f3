package io.braid.agent.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.core.cluster.NodeRole;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdStoreTest {

    @Test
    void generatedIdSurvivesRestartInTheDataDir(@TempDir Path dir) {
        String first = NodeIdStore.resolve(Optional.empty(), dir, NodeRole.EDGE);
        assertTrue(first.startsWith("edge-"), first);
        assertEquals(first, NodeIdStore.resolve(Optional.empty(), dir, NodeRole.EDGE));
    }

    @Test
    void configuredIdWinsAndIsChecked(@TempDir Path dir) {
        assertEquals("origin-1", NodeIdStore.resolve(Optional.of("origin-1"), dir, NodeRole.ORIGIN));
        assertThrows(IllegalArgumentException.class, () -> NodeIdStore.resolve(Optional.of("../x y"), dir, NodeRole.ORIGIN));
    }

    @Test
    void configuredAddressWins() {
        assertEquals("10.1.2.3", AdvertisedAddress.resolve(Optional.of("10.1.2.3"), false));
    }
}
