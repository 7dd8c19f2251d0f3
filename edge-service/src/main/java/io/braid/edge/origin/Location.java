package io.braid.edge.origin;

/** Where a stream's HLS objects come from, as far as this edge knows. */
public sealed interface Location {
    /**
     * On an ALIVE origin whose HTTP answers at {@code baseUrl}: live, or just finished (the origin keeps the ended
     * playlist, with ENDLIST, for a while). {@code viewerLimit} is the stream's HLS viewer limit (the broadcast's,
     * else its application's; negative = none) and {@code clusterViewers} its viewers across the cluster; the same for
     * WebRTC. {@code rtmpUrl} is where the origin plays the stream's application over RTMP ({@code rtmp://ip:port/app}),
     * or null when it has no RTMP port.
     */
    record Live(String baseUrl, String nodeId, int viewerLimit, int clusterViewers, String rtmpUrl, int webRtcViewerLimit,
            int clusterWebRtcViewers) implements Location {
        /** HLS only (tests and callers that do not play WebRTC). */
        public Live(String baseUrl, String nodeId, int viewerLimit, int clusterViewers) {
            this(baseUrl, nodeId, viewerLimit, clusterViewers, null, -1, 0);
        }
    }

    /** No live broadcast by that name (never created, finished, or unknown app). */
    record NotLive(String reason) implements Location {
    }

    /** Live according to its record, but its origin is DEAD: viewers should retry, or be sent elsewhere. */
    record OriginDown(String nodeId) implements Location {
    }
}
