package io.braid.webrtc.receive;

/**
 * One track's RTP timestamps on the stream's millisecond timeline. A track starts where its first packet arrived
 * on that timeline (so video and audio begin about in step), and then runs on its own RTP clock, extended past the
 * 32-bit wrap. Sender reports tie the clock to the publisher's NTP time; {@link TrackSync} uses them to line up the
 * tracks exactly once both have one.
 */
final class TrackClock {
    private final int clockRate;
    private final TrackSync sync;
    private long first = -1;
    private long highest;
    /** Where the first timestamp lies on the stream timeline, in ms. */
    long anchorMs;
    /** The newest sender report: NTP time in ms and the RTP timestamp (extended) it names; -1 before one. */
    long reportNtpMs = -1;
    long reportRtp;

    TrackClock(int clockRate, TrackSync sync) {
        this.clockRate = clockRate;
        this.sync = sync;
    }

    void start(long timestamp, long nowNanos) {
        first = timestamp;
        highest = timestamp;
        anchorMs = sync.msSinceStart(nowNanos);
    }

    boolean started() {
        return first >= 0;
    }

    /** The extended value of a 32-bit timestamp: the one nearest the highest seen. */
    long extend(long timestamp) {
        long delta = (int) (timestamp - highest); // signed distance modulo 2^32
        long extended = highest + delta;
        if (extended > highest) {
            highest = extended;
        }
        return extended;
    }

    /** A timestamp's place on the stream timeline. */
    long ms(long timestamp) {
        return anchorMs + Math.floorDiv((extend(timestamp) - first) * 1000, clockRate);
    }

    void senderReport(long ntpTime, long rtpTime) {
        if (!started()) {
            return;
        }
        reportNtpMs = (ntpTime >>> 32) * 1000 + (((ntpTime & 0xFFFF_FFFFL) * 1000) >>> 32);
        reportRtp = extend(rtpTime);
    }

    /** Where the publisher's NTP clock puts this clock's first timestamp, in ms; needs a sender report. */
    double firstNtpMs() {
        return reportNtpMs - (reportRtp - first) * 1000.0 / clockRate;
    }
}
