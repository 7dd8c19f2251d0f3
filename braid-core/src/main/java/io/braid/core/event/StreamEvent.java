package io.braid.core.event;

/** A broadcast lifecycle event on {@link Topics#STREAM_EVENTS}, keyed by app/streamId. */
public record StreamEvent(
        String type,
        int version,
        String eventId,
        long time,
        String app,
        String streamId,
        String status,
        String originAdress,
        String nodeId,
        String publishType) {

    public static final int VERSION = 1;
    public static final String STREAM_CREATED = "stream_created";
    public static final String PUBLISH_STARTED = "publish_started";
    public static final String PUBLISH_STOPPED = "publish_stopped";
    public static final String TERMINATED_UNEXPECTEDLY = "terminated_unexpectedly";
    public static final String STREAM_DELETED = "stream_deleted";
}
