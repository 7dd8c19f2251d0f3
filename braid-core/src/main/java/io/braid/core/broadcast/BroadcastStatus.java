package io.braid.core.broadcast;

import java.util.Set;

/** Ant Media's broadcast status strings, kept verbatim because clients compare them. */
public final class BroadcastStatus {
    public static final String CREATED = "created";
    public static final String BROADCASTING = "broadcasting";
    public static final String FINISHED = "finished";
    public static final String PREPARING = "preparing";
    public static final String ERROR = "error";
    public static final String FAILED = "failed";
    public static final String TERMINATED_UNEXPECTEDLY = "terminated_unexpectedly";

    public static final Set<String> ALL = Set.of(CREATED, BROADCASTING, FINISHED, PREPARING, ERROR, FAILED, TERMINATED_UNEXPECTEDLY);

    /** An origin refreshes a live broadcast every 10 s; two missed refreshes mean the origin is gone. */
    public static final long STREAM_TIMEOUT_MS = 20_000;

    private BroadcastStatus() {
    }

    /**
     * What a reader should see: a broadcast still marked live whose origin stopped refreshing it reads
     * {@link #TERMINATED_UNEXPECTEDLY}, as in Ant Media, without anyone having to write that.
     */
    public static String effective(String stored, Long updateTime, long nowMs) {
        boolean live = BROADCASTING.equals(stored) || PREPARING.equals(stored);
        if (live && (updateTime == null || nowMs - updateTime >= STREAM_TIMEOUT_MS)) {
            return TERMINATED_UNEXPECTEDLY;
        }
        return stored;
    }
}
