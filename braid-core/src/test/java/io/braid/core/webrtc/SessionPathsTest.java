package io.braid.core.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionPathsTest {
    @Test
    void aSessionPathNamesItsEdgeAndReadsBack() {
        String path = SessionPaths.WHEP.session("LiveApp", "t1", "edge-1.local:7", "0123456789abcdef0123456789abcdef");
        assertEquals("/LiveApp/whep/t1/edge-1.local:7~0123456789abcdef0123456789abcdef", path);
        SessionPaths.Session s = SessionPaths.WHEP.parseSession(path).orElseThrow();
        assertEquals(new SessionPaths.Session("LiveApp", "t1", "edge-1.local:7", "0123456789abcdef0123456789abcdef"), s);
        assertTrue(path.matches(SessionPaths.WHEP.sessionRegex()));
        assertTrue("/LiveApp/whep/t1".matches(SessionPaths.WHEP.endpointRegex()));
    }

    @Test
    void otherPathsAreNotSessions() {
        assertTrue(SessionPaths.WHEP.parseSession("/LiveApp/whep/t1").isEmpty());
        assertTrue(SessionPaths.WHEP.parseSession("/LiveApp/whep/t1/edge-1~short").isEmpty());
        assertTrue(SessionPaths.WHEP.parseSession("/LiveApp/whep/t1/edge~1~0123456789abcdef0123456789abcdef").isEmpty());
        assertTrue(SessionPaths.WHEP.parseSession("/Live/App/whep/t1/e~0123456789abcdef0123456789abcdef").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> SessionPaths.WHEP.session("LiveApp", "t1", "bad id", "00"));
    }

    @Test
    void whipPathsAreTheirOwn() {
        String path = SessionPaths.WHIP.session("LiveApp", "s1", "origin-1", "0123456789abcdef0123456789abcdef");
        assertEquals("/LiveApp/whip/s1/origin-1~0123456789abcdef0123456789abcdef", path);
        assertEquals("origin-1", SessionPaths.WHIP.parseSession(path).orElseThrow().nodeId());
        assertTrue(SessionPaths.WHEP.parseSession(path).isEmpty(), "a WHIP session is not a WHEP one");
        assertTrue("/LiveApp/whip/s1".matches(SessionPaths.WHIP.endpointRegex()));
        assertTrue(!"/LiveApp/whip/s1".matches(SessionPaths.WHEP.endpointRegex()));
    }
}
