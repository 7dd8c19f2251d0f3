package io.braid.transcode;

import io.braid.media.opus.OpusPacket;

/**
 * Sample-exact 48 kHz timestamps for Opus packets that arrive with millisecond times (RTMP's clock): each packet
 * follows the one before by that one's duration, as its encoder stamped them, instead of its time rounded to the
 * millisecond (20 ms packets would then be 960 samples apart give or take 48, which receivers' jitter buffers see as
 * jitter). The clock is followed again when it moves away by more than {@link #RESYNC_SAMPLES}: a gap in the audio
 * (a lost or silent stretch), or a publisher whose packets do not add up to its clock.
 */
final class OpusTimeline {
    static final long RESYNC_SAMPLES = 48 * 40;

    private long next = Long.MIN_VALUE;

    /** The packet's 48 kHz timestamp; a malformed packet throws (and moves nothing). */
    long timestamp(byte[] packet, long ptsMs) {
        int duration = OpusPacket.samples48k(packet, 0, packet.length);
        long clock = ptsMs * 48;
        long ts = next == Long.MIN_VALUE || Math.abs(clock - next) > RESYNC_SAMPLES ? clock : next;
        next = ts + duration;
        return ts;
    }
}
