package io.braid.core.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BroadcastRulesTest {

    @Test
    void liveBroadcastWithStaleUpdateReadsTerminatedUnexpectedly() {
        long now = 100_000;
        assertEquals("broadcasting", BroadcastStatus.effective("broadcasting", now - 19_999, now));
        assertEquals("terminated_unexpectedly", BroadcastStatus.effective("broadcasting", now - 20_000, now));
        assertEquals("terminated_unexpectedly", BroadcastStatus.effective("preparing", null, now));
        assertEquals("finished", BroadcastStatus.effective("finished", 0L, now));
        assertEquals("created", BroadcastStatus.effective("created", null, now));
    }

    @Test
    void streamIdRules() {
        assertNull(StreamIds.problem("stream_1.a-B"));
        assertNotNull(StreamIds.problem("../etc"));
        assertNotNull(StreamIds.problem(".."));
        assertNotNull(StreamIds.problem("a/b"));
        assertNotNull(StreamIds.problem("with space"));
        assertNotNull(StreamIds.problem(""));
        assertNotNull(StreamIds.problem("x".repeat(StreamIds.MAX_LENGTH + 1)));
        String generated = StreamIds.generate();
        assertTrue(StreamIds.isValid(generated), generated);
        assertTrue(generated.length() > 16);
    }

    @Test
    void validatorNamesTheField() {
        Broadcast b = new Broadcast();
        b.name = "n".repeat(BroadcastValidator.MAX_TEXT + 1);
        assertTrue(BroadcastValidator.problem(b).startsWith("name"));
        b.name = "ok";
        b.status = "dancing";
        assertTrue(BroadcastValidator.problem(b).startsWith("status"));
        b.status = "created";
        b.subFolder = "../up";
        assertTrue(BroadcastValidator.problem(b).contains("subFolder"));
        b.subFolder = null;
        b.width = -1;
        assertNotNull(BroadcastValidator.problem(b));
        b.width = 1280;
        assertNull(BroadcastValidator.problem(b));
    }
}
