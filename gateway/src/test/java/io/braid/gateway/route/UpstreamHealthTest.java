package io.braid.gateway.route;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UpstreamHealthTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final UpstreamHealth health = new UpstreamHealth(3, 30_000, now::get);

    @Test
    void maxFailsWithinFailTimeoutTakeItOutForFailTimeout() {
        health.failure();
        health.failure();
        assertTrue(health.available(), "2 of 3");
        health.failure();
        assertFalse(health.available());
        now.addAndGet(29_999);
        assertFalse(health.available());
        now.addAndGet(1);
        assertTrue(health.available(), "tried again after fail_timeout");
    }

    @Test
    void failuresFurtherApartThanFailTimeoutOrBrokenBySuccessDoNotAddUp() {
        health.failure();
        health.failure();
        now.addAndGet(30_001);
        health.failure();
        assertTrue(health.available());
        health.failure();
        health.success();
        health.failure();
        health.failure();
        assertTrue(health.available());
    }

    @Test
    void activeChecksTakeItOutAndBringItBackAtOnce() {
        health.checked(false);
        assertFalse(health.available());
        health.checked(true);
        assertTrue(health.available());
        health.failure();
        health.failure();
        health.failure();
        assertFalse(health.available());
        health.checked(true);
        assertTrue(health.available(), "a passing check ends a passive timeout");
        health.unreachable();
        assertFalse(health.available(), "a refused connection takes it out at once");
        now.addAndGet(60_000);
        assertFalse(health.available(), "until a check passes");
        health.checked(true);
        assertTrue(health.available());
    }
}
