package io.braid.webrtc.rtcp;

import io.braid.webrtc.rtp.SequenceNumbers;

/**
 * What a receiver tells a sender about one of its SSRCs (RFC 3550 section 6.4.1, computed as its appendix A.3 and
 * A.8 do): the highest sequence number with its wrap count, packets lost in all and since the last report,
 * interarrival jitter, and when the sender's last report came, so that the sender can work out the round trip.
 * Fed with every packet as it arrives (before any reordering). Not thread-safe: one receiving thread per session.
 */
public final class ReceptionStatistics {
    private static final int MAX_CUMULATIVE_LOST = 0x7FFFFF;
    private static final int MIN_CUMULATIVE_LOST = -0x800000;

    private final int ssrc;
    private final int clockRate;
    private boolean started;
    private long baseSequence;
    /** The highest extended sequence number seen. */
    private long highest;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long lastTransit;
    private boolean haveTransit;
    /** Interarrival jitter in RTP timestamp units, kept unrounded. */
    private double jitter;
    private long lastSenderReport;
    private long lastSenderReportArrivalNanos;

    public ReceptionStatistics(int ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("an RTP clock rate must be positive, not " + clockRate);
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
    }

    /** One packet arrived, at {@code arrivalNanos} on a monotonic clock. */
    public void received(int sequence, long rtpTimestamp, long arrivalNanos) {
        long ext = SequenceNumbers.extend(started ? highest : -1, sequence);
        if (!started) {
            started = true;
            baseSequence = ext;
            highest = ext;
        } else {
            highest = Math.max(highest, ext);
        }
        received++;
        // Transit in RTP units; only the differences matter, so the two clocks' origins drop out.
        long arrivalRtp = Math.floorDiv(arrivalNanos, 1_000_000L) * clockRate / 1000 + Math.floorMod(arrivalNanos, 1_000_000L) * clockRate / 1_000_000_000L;
        long transit = arrivalRtp - (rtpTimestamp & 0xFFFFFFFFL);
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            if (d < clockRate * 10L) { // a timestamp jump (a new source clock) is not jitter
                jitter += (d - jitter) / 16.0;
            }
        }
        lastTransit = transit;
        haveTransit = true;
    }

    /** A sender report for this SSRC arrived: its NTP time, for LSR and DLSR in the next report. */
    public void senderReport(long ntpTime, long arrivalNanos) {
        lastSenderReport = (ntpTime >>> 16) & 0xFFFFFFFFL;
        lastSenderReportArrivalNanos = arrivalNanos;
    }

    /** Whether any packet came yet: a report block needs one. */
    public boolean started() {
        return started;
    }

    /** The report block for now; the next one's fraction lost counts from here. */
    public ReportBlock report(long nowNanos) {
        long expected = started ? highest - baseSequence + 1 : 0;
        long lost = expected - received;
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        long lostInterval = expectedInterval - receivedInterval;
        expectedPrior = expected;
        receivedPrior = received;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        int cumulative = (int) Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, lost));
        long delay = lastSenderReport == 0 ? 0 : Math.max(0, (nowNanos - lastSenderReportArrivalNanos)) * 65536 / 1_000_000_000L;
        // The first packet was placed one cycle up (room for late ones below it): cycles count from 0 on the wire.
        long extendedHighest = started ? (highest - (1L << 16)) & 0xFFFFFFFFL : 0;
        return new ReportBlock(ssrc, fraction, cumulative, extendedHighest, Math.round(jitter), lastSenderReport, delay & 0xFFFFFFFFL);
    }

    /** Interarrival jitter in milliseconds. */
    public double jitterMillis() {
        return jitter * 1000.0 / clockRate;
    }

    /** Packets expected (by sequence number) but not received, in all; negative with duplicates. */
    public long cumulativeLost() {
        return started ? highest - baseSequence + 1 - received : 0;
    }

    public long packetsReceived() {
        return received;
    }
}
