package io.braid.webrtc.rtcp;

/** One reception report (RFC 3550 section 6.4.1): how a receiver sees one of our SSRCs. */
public record ReportBlock(int ssrc, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
        long lastSenderReport, long delaySinceLastSenderReport) {

    /** Loss since the previous report, 0..1. */
    public double lossFraction() {
        return fractionLost / 256.0;
    }

    /**
     * Round-trip time in milliseconds from this block (RFC 3550 section 6.4.1), given the middle 32 bits of the NTP
     * time it arrived; -1 when the receiver has not seen a sender report yet.
     */
    public double roundTripMillis(long arrivalCompactNtp) {
        if (lastSenderReport == 0) {
            return -1;
        }
        long rtt = (arrivalCompactNtp - lastSenderReport - delaySinceLastSenderReport) & 0xFFFFFFFFL;
        if (rtt > 0x7FFFFFFFL) {
            return 0;
        }
        return rtt * 1000.0 / 65536.0;
    }
}
