package io.braid.transcode;

import java.time.Duration;

/**
 * How much audio one Opus packet carries, of the durations libopus encodes and WebRTC receivers take (RFC 7587 allows
 * up to 120 ms; browsers' offers say {@code minptime=10}). Longer packets mean fewer datagrams: a WebRTC fan-out's cost
 * is per datagram, and at 20 ms audio is 50 of a viewer's ~80 packets a second. The price is latency: a packet leaves
 * once its last sample has been encoded.
 */
public enum OpusFrameDuration {
    MS_10(10), MS_20(20), MS_40(40), MS_60(60);

    private final int millis;

    OpusFrameDuration(int millis) {
        this.millis = millis;
    }

    public int millis() {
        return millis;
    }

    /** Samples per channel in one packet at 48 kHz, the clock of Opus over RTP whatever the input rate. */
    public int samples48k() {
        return millis * 48;
    }

    /** The duration named, or an exception that lists the ones there are. */
    public static OpusFrameDuration of(Duration duration) {
        for (OpusFrameDuration d : values()) {
            if (d.millis == duration.toMillis() && duration.toNanos() == d.millis * 1_000_000L) {
                return d;
            }
        }
        throw new IllegalArgumentException("an Opus packet carries 10, 20, 40 or 60 ms of audio, not " + duration.toMillis() + " ms");
    }
}
