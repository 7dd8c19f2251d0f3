package io.braid.core.broadcast;

/**
 * The contribution link's health, for protocols that report it (SRT), with Ant Media's broadcast field names:
 * round trip in ms, lost packets (before retransmission) and their ratio, retransmitted and dropped (too late to
 * play) packets, and the receiver's buffer in ms. {@code jitterMs} is the spread of packet arrival, 0 when unknown.
 */
public record LinkStats(Double rttMs, Long packetsLost, Double packetLostRatio, Long packetsRetransmitted, Long packetsDropped,
        Integer receiveBufferMs, Double jitterMs) {
}
