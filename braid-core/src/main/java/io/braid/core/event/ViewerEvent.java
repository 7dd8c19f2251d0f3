package io.braid.core.event;

/**
 * A viewer session starting or ending on {@link Topics#VIEWER_EVENTS}, keyed by app/streamId. {@code durationMs}
 * and {@code bytes} are 0 in play_started; in play_stopped they cover the whole session (first to last request).
 */
public record ViewerEvent(
        String type,
        int version,
        String eventId,
        long time,
        String app,
        String streamId,
        String protocol,
        String nodeId,
        String session,
        String clientAddress,
        String userAgent,
        long startTime,
        long durationMs,
        long bytes) {

    public static final int VERSION = 1;
    public static final String PLAY_STARTED = "play_started";
    public static final String PLAY_STOPPED = "play_stopped";
}
