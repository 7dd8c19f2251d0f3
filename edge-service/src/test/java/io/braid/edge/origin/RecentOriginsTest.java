package io.braid.edge.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentOriginsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RecentOrigins recent = new RecentOrigins(60_000, 3, now::get);
    private final Location.Live live = new Location.Live("http://127.0.0.1:5100", "origin-1", -1, 0);
    private final Location.NotLive gone = new Location.NotLive("no broadcast LiveApp/t1");

    @Test
    void aStreamThatJustEndedIsStillFetchedFromItsOriginForTheGracePeriod() {
        assertEquals(gone, recent.remember("LiveApp/t1", gone), "never seen live: not live");
        assertEquals(live, recent.remember("LiveApp/t1", live));
        now.addAndGet(60_000);
        assertEquals(live, recent.remember("LiveApp/t1", gone), "the registry forgot it, its origin still has the end");
        Location down = new Location.OriginDown("origin-1");
        assertEquals(down, recent.remember("LiveApp/t1", down), "a dead origin is not hidden");
        now.addAndGet(1);
        assertEquals(gone, recent.remember("LiveApp/t1", gone), "after the grace period: 404");
    }

    @Test
    void expiredEntriesAreDroppedOnceThereAreMany() {
        for (int i = 0; i < 3; i++) {
            recent.remember("LiveApp/s" + i, live);
        }
        now.addAndGet(60_001);
        recent.remember("LiveApp/s3", live);
        recent.remember("LiveApp/s4", live);
        assertTrue(recent.size() <= 3, "size " + recent.size());
    }
}
