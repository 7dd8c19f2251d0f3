package io.braid.webrtc.receive;

/**
 * Lip sync for a publisher's two tracks. Each starts on the stream timeline where its first packet arrived, which
 * is off by however the publisher's pacing and the network delayed one against the other. Once both tracks have had
 * a sender report, the reports say where each track's first timestamp lies on the publisher's one NTP clock, and the
 * audio is moved (once, by under a second) to stand where the publisher put it relative to the video. Done once:
 * a receiver that followed every report would make timestamps jump with the publisher's clock drift.
 */
final class TrackSync {
    static final long MAX_CORRECTION_MS = 1000;
    private long startNanos = -1;
    private boolean aligned;
    private long correctionMs;

    /** Ms since the first packet of either track (that packet's arrival is 0). */
    long msSinceStart(long nowNanos) {
        if (startNanos < 0) {
            startNanos = nowNanos;
        }
        return (nowNanos - startNanos) / 1_000_000;
    }

    void align(TrackClock video, TrackClock audio) {
        if (aligned || video == null || audio == null || video.reportNtpMs < 0 || audio.reportNtpMs < 0) {
            return;
        }
        aligned = true;
        long wanted = video.anchorMs + Math.round(audio.firstNtpMs() - video.firstNtpMs());
        long correction = wanted - audio.anchorMs;
        if (Math.abs(correction) < MAX_CORRECTION_MS) {
            audio.anchorMs = wanted;
            correctionMs = correction;
        }
    }

    boolean aligned() {
        return aligned;
    }

    /** How far the audio was moved by the sender reports, in ms. */
    long correctionMs() {
        return correctionMs;
    }
}
