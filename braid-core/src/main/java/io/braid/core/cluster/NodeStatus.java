package io.braid.core.cluster;

import java.time.Duration;
import java.util.Locale;

/**
 * A node's liveness, derived from when it was last heard of, never stored as the truth:
 * ALIVE while the last heartbeat is at most {@value #MISSED_UPDATES_ALLOWED} update periods old (Ant Media's rule:
 * 4 x 5 s = 20 s), DEAD after that.
 */
public enum NodeStatus {
    ALIVE, DEAD;

    public static final int MISSED_UPDATES_ALLOWED = 4;
    public static final Duration DEFAULT_UPDATE_PERIOD = Duration.ofSeconds(5);

    public static NodeStatus of(long lastUpdateTimeMs, long nowMs, Duration updatePeriod) {
        return nowMs - lastUpdateTimeMs <= deadAfter(updatePeriod).toMillis() ? ALIVE : DEAD;
    }

    public static Duration deadAfter(Duration updatePeriod) {
        return updatePeriod.multipliedBy(MISSED_UPDATES_ALLOWED);
    }

    public static NodeStatus parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown status '" + text + "' (ALIVE or DEAD)");
        }
    }
}
