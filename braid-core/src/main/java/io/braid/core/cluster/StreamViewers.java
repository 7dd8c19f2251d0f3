package io.braid.core.cluster;

/**
 * How many viewers one node serves for one stream right now, by protocol, as it reports in its heartbeat. The
 * registry sums these over the ALIVE nodes into a broadcast's viewer counts, so a node that dies or restarts stops
 * counting as soon as it is DEAD or has sent its next heartbeat.
 */
public record StreamViewers(String app, String streamId, int hls, int dash, int webrtc) {
    /** HLS and DASH only (nodes without WebRTC viewers). */
    public StreamViewers(String app, String streamId, int hls, int dash) {
        this(app, streamId, hls, dash, 0);
    }
}
