package io.braid.core.event;

/**
 * A new media segment an origin has packaged, on {@link Topics#MEDIA_SEGMENTS}, keyed by app/streamId. Edges use it
 * to prefetch; analytics can follow ingest health from it. {@code url} is the path on the origin's HTTP port.
 */
public record SegmentReadyEvent(
        String type,
        int version,
        String eventId,
        long time,
        String app,
        String streamId,
        String rendition,
        long sequence,
        double duration,
        long size,
        long programDateTime,
        String url,
        String playlistUrl,
        String nodeId,
        String originAdress,
        int httpPort) {

    public static final String TYPE = "segment_ready";
    public static final int VERSION = 1;
    /** The rendition name of the stream as published (transcoded renditions are streams of their own). */
    public static final String SOURCE = "source";
}
