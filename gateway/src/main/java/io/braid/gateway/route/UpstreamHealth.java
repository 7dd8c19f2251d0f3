package io.braid.gateway.route;

import java.util.function.LongSupplier;

/**
 * Whether one upstream (an edge, origin or registry) may get requests, from two signals, as operators know them from
 * nginx: passive, {@code maxFails} failed requests (connect errors, 5xx) within {@code failTimeout} take it out of
 * rotation for {@code failTimeout}, after which it is tried again; a refused connection takes it out at once; active,
 * a failed health check takes it out at once and a passing one brings it back at once. Thread-safe.
 */
public final class UpstreamHealth {
    private final int maxFails;
    private final long failTimeoutMs;
    private final LongSupplier clock;
    private int fails;
    private long firstFailAt;
    private long downUntil;
    private boolean checkFailing;

    public UpstreamHealth(int maxFails, long failTimeoutMs, LongSupplier clock) {
        if (maxFails < 1 || failTimeoutMs < 1) {
            throw new IllegalArgumentException("maxFails and failTimeout must be positive");
        }
        this.maxFails = maxFails;
        this.failTimeoutMs = failTimeoutMs;
        this.clock = clock;
    }

    public synchronized boolean available() {
        return !checkFailing && clock.getAsLong() >= downUntil;
    }

    /** A request to the upstream failed (could not connect, timed out, or answered 5xx). */
    public synchronized void failure() {
        long now = clock.getAsLong();
        if (fails == 0 || now - firstFailAt > failTimeoutMs) {
            fails = 0;
            firstFailAt = now;
        }
        if (++fails >= maxFails) {
            downUntil = now + failTimeoutMs;
            fails = 0;
        }
    }

    /**
     * A connection to the upstream was refused: nothing listens there, so it leaves rotation at once (without waiting
     * for {@code maxFails}) and comes back when an active health check passes.
     */
    public synchronized void unreachable() {
        checkFailing = true;
    }

    /** A request to the upstream succeeded: earlier failures no longer count. */
    public synchronized void success() {
        fails = 0;
    }

    /** The result of an active health check ({@code /q/health/ready}). */
    public synchronized void checked(boolean healthy) {
        checkFailing = !healthy;
        if (healthy) {
            downUntil = 0;
            fails = 0;
        }
    }
}
