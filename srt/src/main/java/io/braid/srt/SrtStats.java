package io.braid.srt;

/**
 * One SRT connection's receiving side, from {@code srt_bstats}: totals since it started, plus the current RTT,
 * receive rate and buffer. {@code lossRatio} is lost over (received + lost) packets, before retransmission.
 */
public record SrtStats(double rttMs, long packetsReceived, long packetsLost, long packetsDropped, long packetsRetransmitted,
        long bytesReceived, double receiveRateMbps, int receiveBufferMs, int latencyMs) {

    public double lossRatio() {
        long all = packetsReceived + packetsLost;
        return all == 0 ? 0 : (double) packetsLost / all;
    }
}
