package io.braid.media.hls;

/**
 * Decides where segments start: at the first cut point (a video keyframe, or any audio frame in an audio-only
 * stream) at or after the target duration from the current segment's start. Segments therefore always start on a
 * keyframe and are never shorter than the target, except the last one of a stream.
 */
public final class GopSegmenter {
    private final long targetMs;
    private long segmentStartMs;
    private boolean started;

    public GopSegmenter(long targetMs) {
        if (targetMs <= 0) {
            throw new IllegalArgumentException("target duration must be positive");
        }
        this.targetMs = targetMs;
    }

    /** @return true when a new segment starts with this frame */
    public boolean startsSegment(long timestampMs, boolean cutPoint) {
        if (!cutPoint) {
            return false;
        }
        if (!started || timestampMs - segmentStartMs >= targetMs || timestampMs < segmentStartMs) {
            started = true;
            segmentStartMs = timestampMs;
            return true;
        }
        return false;
    }

    /** Forgets the current segment, e.g. when a new publish session continues the playlist. */
    public void reset() {
        started = false;
    }
}
