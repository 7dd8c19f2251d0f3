package io.braid.core.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WhepPathsTest {
    @Test
    void aSessionPathNamesItsEdgeAndReadsBack() {
        String path = WhepPaths.session("LiveApp", "t1", "edge-1.local:7", "0123456789abcdef0123456789abcdef");
        assertEquals("/LiveApp/whep/t1/edge-1.local:7~0123456789abcdef0123456789abcdef", path);
        WhepPaths.Session s = WhepPaths.parseSession(path).orElseThrow();
        assertEquals(new WhepPaths.Session("LiveApp", "t1", "edge-1.local:7", "0123456789abcdef0123456789abcdef"), s);
        assertTrue(path.matches(WhepPaths.SESSION_REGEX));
        assertTrue("/LiveApp/whep/t1".matches(WhepPaths.ENDPOINT_REGEX));
    }

    @Test
    void otherPathsAreNotSessions() {
        assertTrue(WhepPaths.parseSession("/LiveApp/whep/t1").isEmpty());
        assertTrue(WhepPaths.parseSession("/LiveApp/whep/t1/edge-1~short").isEmpty());
        assertTrue(WhepPaths.parseSession("/LiveApp/whep/t1/edge~1~0123456789abcdef0123456789abcdef").isEmpty());
        assertTrue(WhepPaths.parseSession("/Live/App/whep/t1/e~0123456789abcdef0123456789abcdef").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> WhepPaths.session("LiveApp", "t1", "bad id", "00"));
    }
}
