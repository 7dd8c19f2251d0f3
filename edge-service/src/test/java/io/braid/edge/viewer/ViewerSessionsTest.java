package io.braid.edge.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.core.cluster.StreamViewers;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ViewerSessionsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ViewerSessions sessions = new ViewerSessions(20_000, 30_000, 1000, now::get);

    private ViewerSessions.Admission request(String stream, String key) {
        return sessions.request("LiveApp", stream, key, "10.0.0.1", "player", -1, 0);
    }

    @Test
    void aPlayerPollingIsOneViewerUntilTwentySecondsAfterItsLastRequest() {
        assertNotNull(request("t1", "a").started());
        for (int i = 0; i < 30; i++) {
            now.addAndGet(1000);
            ViewerSessions.Admission again = request("t1", "a");
            assertTrue(again.allowed());
            assertNull(again.started(), "the same session continues");
        }
        request("t1", "a").session().sent(1234);
        assertEquals(1, sessions.viewers("LiveApp", "t1"));
        now.addAndGet(20_000);
        assertTrue(sessions.expire().isEmpty(), "20 s after the last request it still counts");
        now.addAndGet(1);
        List<ViewerSessions.Session> ended = sessions.expire();
        assertEquals(1, ended.size());
        assertEquals(30_000, ended.getFirst().durationMs());
        assertEquals(1234, ended.getFirst().bytes());
        assertEquals(0, sessions.viewers("LiveApp", "t1"));
        assertEquals(0, sessions.total());
    }

    @Test
    void sessionsAreCountedPerStreamAndReportedBusiestFirst() {
        request("t1", "a");
        request("t1", "b");
        request("t1", "c");
        request("t2", "a");
        List<StreamViewers> report = sessions.report(10);
        assertEquals(List.of(new StreamViewers("LiveApp", "t1", 3, 0), new StreamViewers("LiveApp", "t2", 1, 0)), report);
        assertEquals(3, sessions.reported("LiveApp", "t1"));
        assertEquals(List.of(new StreamViewers("LiveApp", "t1", 3, 0)), sessions.report(1));
        assertEquals(0, sessions.reported("LiveApp", "t2"), "left out of the last report");
        assertEquals(4, sessions.total());
        assertEquals(4, sessions.endAll().size());
        assertEquals(0, sessions.total());
        assertEquals(List.of(), sessions.report(10));
    }

    @Test
    void theLimitCountsOtherEdgesAndRefusesOnlyNewSessions() {
        assertTrue(sessions.request("LiveApp", "t1", "a", "ip", "ua", 3, 1).allowed());
        assertTrue(sessions.request("LiveApp", "t1", "b", "ip", "ua", 3, 1).allowed());
        ViewerSessions.Admission third = sessions.request("LiveApp", "t1", "c", "ip", "ua", 3, 1);
        assertFalse(third.allowed(), "2 here + 1 elsewhere = the limit of 3");
        assertTrue(third.refusal().startsWith("viewerLimitReached"), third.refusal());
        assertTrue(sessions.request("LiveApp", "t1", "a", "ip", "ua", 3, 1).allowed(), "a viewer in session keeps watching");
        assertTrue(sessions.request("LiveApp", "t1", "c", "ip", "ua", -1, 100).allowed(), "no limit");
    }

    @Test
    void sessionMemoryIsBounded() {
        ViewerSessions small = new ViewerSessions(20_000, 30_000, 2, now::get);
        assertTrue(small.request("LiveApp", "t1", "a", "ip", "ua", -1, 0).allowed());
        assertTrue(small.request("LiveApp", "t2", "b", "ip", "ua", -1, 0).allowed());
        assertFalse(small.request("LiveApp", "t3", "c", "ip", "ua", -1, 0).allowed());
        assertEquals(2, small.total());
    }

    @Test
    void aStreamIsWatchedForThirtySecondsAfterItsLastRequest() {
        assertFalse(sessions.watched("LiveApp", "t1"));
        request("t1", "a");
        now.addAndGet(30_000);
        assertTrue(sessions.watched("LiveApp", "t1"));
        sessions.expire();
        now.addAndGet(1);
        assertFalse(sessions.watched("LiveApp", "t1"));
        sessions.expire();
        assertEquals(0, sessions.viewers("LiveApp", "t1"));
    }
}
