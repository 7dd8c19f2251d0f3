package io.braid.webrtc.receive;

import io.braid.webrtc.rtcp.ReceptionStatistics;
import io.braid.webrtc.rtp.ReceivedRtp;
import io.braid.webrtc.rtp.ReorderBuffer;

/**
 * One kind of a publisher's media (its video or its audio): the negotiated payload type, the SSRC its first packet
 * came with (a second SSRC of the same kind is not taken), its reorder buffer, reception statistics and clock.
 */
final class ReceivedTrack {
    final int payloadType;
    final int clockRate;
    final ReorderBuffer reorder;
    final TrackClock clock;
    ReceptionStatistics statistics;
    int ssrc;

    ReceivedTrack(int payloadType, int clockRate, ReorderBuffer reorder, TrackSync sync) {
        this.payloadType = payloadType;
        this.clockRate = clockRate;
        this.reorder = reorder;
        this.clock = new TrackClock(clockRate, sync);
    }

    boolean started() {
        return statistics != null;
    }

    /** Whether a packet of this kind with this SSRC belongs here; the first one's SSRC is the track's. */
    boolean accepts(int packetSsrc) {
        return statistics == null || packetSsrc == ssrc;
    }

    /** A packet arrived (before reordering): statistics, and the clock's start at the first one. */
    void arrived(ReceivedRtp p, long nowNanos) {
        if (statistics == null) {
            ssrc = p.ssrc();
            statistics = new ReceptionStatistics(ssrc, clockRate);
            clock.start(p.timestamp(), nowNanos);
        }
        statistics.received(p.sequence(), p.timestamp(), nowNanos);
    }
}
