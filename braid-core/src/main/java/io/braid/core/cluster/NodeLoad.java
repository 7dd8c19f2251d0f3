package io.braid.core.cluster;

/**
 * The work a node carries right now, as reported in its heartbeat. Field names follow Ant Media's
 * system-resources JSON so the same numbers read the same everywhere; {@code ingestBitrate} (bit/s, all
 * streams this node ingests) is Braid's addition.
 */
public record NodeLoad(
        int localLiveStreams,
        int localWebRTCLiveStreams,
        int localWebRTCViewers,
        int localHLSViewers,
        int localDASHViewers,
        int localRTMPViewers,
        int encoderQueueSize,
        long ingestBitrate) {

    public static final NodeLoad IDLE = new NodeLoad(0, 0, 0, 0, 0, 0, 0, 0);

    /** Nothing published, transcoded or watched here. */
    public boolean idle() {
        return localLiveStreams == 0 && localWebRTCLiveStreams == 0 && totalViewers() == 0 && encoderQueueSize == 0;
    }

    public int totalViewers() {
        return localWebRTCViewers + localHLSViewers + localDASHViewers + localRTMPViewers;
    }

    public NodeLoad plus(NodeLoad other) {
        return new NodeLoad(
                localLiveStreams + other.localLiveStreams,
                localWebRTCLiveStreams + other.localWebRTCLiveStreams,
                localWebRTCViewers + other.localWebRTCViewers,
                localHLSViewers + other.localHLSViewers,
                localDASHViewers + other.localDASHViewers,
                localRTMPViewers + other.localRTMPViewers,
                encoderQueueSize + other.encoderQueueSize,
                ingestBitrate + other.ingestBitrate);
    }
}
