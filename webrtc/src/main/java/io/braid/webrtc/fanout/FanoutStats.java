package io.braid.webrtc.fanout;

import java.util.concurrent.atomic.LongAdder;

/** What one node's WebRTC fan-out did, for Prometheus: totals over every stream and viewer. */
public final class FanoutStats {
    public final LongAdder packetsOut = new LongAdder();
    public final LongAdder bytesOut = new LongAdder();
    public final LongAdder nacksReceived = new LongAdder();
    public final LongAdder retransmitted = new LongAdder();
    public final LongAdder nackMisses = new LongAdder();
    public final LongAdder pictureLossRequests = new LongAdder();
    public final LongAdder receiverReports = new LongAdder();
    /** The newest round-trip time and loss a receiver report gave, milliseconds and 0..1. */
    public volatile double lastRoundTripMillis = -1;
    public volatile double lastLossFraction;
}
