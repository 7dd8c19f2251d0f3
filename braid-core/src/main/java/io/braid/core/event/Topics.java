package io.braid.core.event;

import java.util.List;

/** Kafka topic names. Every event is JSON; the record key is given next to each topic (see docs/events.md). */
public final class Topics {
    /** Key: nodeId. {@link HeartbeatEvent} every update period from every node. */
    public static final String NODE_HEARTBEATS = "braid.node.heartbeats";
    /** Key: nodeId. {@link ClusterStatusEvent}: exactly one per node status transition. */
    public static final String CLUSTER_STATUS = "braid.cluster.status";
    /** Key: app/streamId. {@link StreamEvent}: broadcast lifecycle. */
    public static final String STREAM_EVENTS = "braid.stream.events";
    /** Key: app/streamId. segment_ready events (media issues). */
    public static final String MEDIA_SEGMENTS = "braid.media.segments";
    /** Key: app/streamId. play_started / play_stopped (edge issues). */
    public static final String VIEWER_EVENTS = "braid.viewer.events";

    public static final List<String> ALL = List.of(NODE_HEARTBEATS, CLUSTER_STATUS, STREAM_EVENTS, MEDIA_SEGMENTS, VIEWER_EVENTS);

    private Topics() {
    }

    public static String streamKey(String app, String streamId) {
        return app + "/" + streamId;
    }
}
