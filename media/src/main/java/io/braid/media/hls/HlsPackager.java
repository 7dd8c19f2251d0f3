package io.braid.media.hls;

import io.braid.media.AudioFrame;
import io.braid.media.ChunkPool;
import io.braid.media.MediaSink;
import io.braid.media.VideoFrame;
import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.h264.AvcConfig;
import io.braid.media.ts.TsMuxer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Packages one live stream as HLS with MPEG-TS segments held in memory. Frames come from one thread (the
 * publisher's); readers on any thread see a consistent {@link Snapshot} of the playlist and the retained segments.
 * A new publish session on the same packager continues the playlist after an EXT-X-DISCONTINUITY, so players keep
 * going across a publisher's reconnect.
 */
public final class HlsPackager implements MediaSink {

    /** Told of each finished segment, on the publisher's thread. */
    public interface Listener {
        void segmentReady(HlsSegment segment, Snapshot after);
    }

    /** What readers see; immutable. {@code retained} holds the playlist's segments plus the grace window. */
    public record Snapshot(String playlist, List<HlsSegment> retained, boolean ended) {
        public Optional<HlsSegment> segment(String name) {
            for (int i = retained.size() - 1; i >= 0; i--) {
                if (retained.get(i).name().equals(name)) {
                    return Optional.of(retained.get(i));
                }
            }
            return Optional.empty();
        }
    }

    private final String baseName;
    private final HlsOptions options;
    private final LongSupplier wallClockMs;
    private final Listener listener;
    private final GopSegmenter segmenter;
    /** For a rendition: the source's packager, whose segment starts this one copies; null for a source. */
    private final HlsPackager follows;
    private final SegmentStarts starts = new SegmentStarts();
    private final ChunkPool pool;
    private final List<HlsSegment> retained = new ArrayList<>();
    private long nextSequence;
    private long discontinuitySequence;
    private int targetDuration;
    private TsMuxer muxer;
    private boolean muxerVideo;
    private boolean muxerAudio;
    private volatile AvcConfig avc;
    private volatile AudioSpecificConfig aac;
    private volatile double frameRate;
    private int segmentVideoFrames;
    private boolean segmentOpen;
    private long segmentStartMs;
    private long segmentProgramDateTime;
    private boolean pendingDiscontinuity;
    private boolean anchored;
    private long anchorTs;
    private long anchorWall;
    private long lastVideoDts = Long.MIN_VALUE;
    private long lastVideoDelta = 33;
    private long lastAudioPts = Long.MIN_VALUE;
    private volatile Snapshot snapshot;

    /**
     * @param baseName      segment names are {@code baseName + %09d(sequence) + ".ts"}
     * @param firstSequence the first media sequence number; choose one larger than any earlier session's so that
     *                      segment URLs are never reused for different content (they are cached as immutable)
     */
    public HlsPackager(String baseName, HlsOptions options, long firstSequence, LongSupplier wallClockMs, Listener listener) {
        this(baseName, options, firstSequence, wallClockMs, listener, null, ChunkPool.NONE);
    }

    /**
     * @param pool where segments' chunks come from; a segment is released there when it leaves the retained window,
     *             so a reader on another thread {@link io.braid.media.ChunkedBytes#retain retains} it first
     */
    public HlsPackager(String baseName, HlsOptions options, long firstSequence, LongSupplier wallClockMs, Listener listener, ChunkPool pool) {
        this(baseName, options, firstSequence, wallClockMs, listener, null, pool);
    }

    /**
     * A rendition's packager: it starts a segment only on a keyframe whose presentation time is where {@code source}
     * started one, and gives it the source segment's sequence number. The transcoder forces keyframes at the source's
     * keyframe times, so every rendition's segments line up with the source's: same numbers, same durations, which
     * is what lets players switch renditions at segment boundaries.
     */
    public static HlsPackager following(HlsPackager source, String baseName, HlsOptions options, LongSupplier wallClockMs, Listener listener) {
        return new HlsPackager(baseName, options, 0, wallClockMs, listener, source, source.pool);
    }

    private HlsPackager(String baseName, HlsOptions options, long firstSequence, LongSupplier wallClockMs, Listener listener, HlsPackager follows,
            ChunkPool pool) {
        this.follows = follows;
        this.pool = pool;
        this.baseName = baseName;
        this.options = options;
        this.wallClockMs = wallClockMs;
        this.listener = listener;
        this.segmenter = new GopSegmenter(options.targetMs());
        this.nextSequence = firstSequence;
        this.targetDuration = (int) Math.ceil(options.hlsTimeSeconds());
        publish(false);
    }

    /** {@code baseName} + the sequence in at least 9 digits + ".ts" (String.format was a per-segment hot spot). */
    public static String segmentName(String baseName, long sequence) {
        String digits = Long.toString(sequence);
        return baseName + "0".repeat(Math.max(0, 9 - digits.length())) + digits + ".ts";
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public void videoConfig(AvcConfig config) {
        avc = config;
        if (muxer != null && muxerVideo) {
            muxer.videoConfig(config);
        }
    }

    @Override
    public void audioConfig(AudioSpecificConfig config) {
        aac = config;
        if (muxer != null && muxerAudio) {
            muxer.audioConfig(config);
        }
    }

    @Override
    public void video(VideoFrame frame) {
        if (lastVideoDts != Long.MIN_VALUE && frame.dtsMs() > lastVideoDts) {
            lastVideoDelta = Math.min(frame.dtsMs() - lastVideoDts, 1000);
        }
        lastVideoDts = frame.dtsMs();
        if (follows != null) {
            long sequence = frame.keyframe() ? follows.starts.sequenceAt(frame.ptsMs()) : -1;
            if (sequence >= 0) {
                cutAt(frame.dtsMs(), sequence);
            }
        } else if (segmenter.startsSegment(frame.dtsMs(), frame.keyframe())) {
            cut(frame.dtsMs());
            starts.add(frame.ptsMs(), nextSequence);
        }
        if (segmentOpen) {
            muxer.video(frame);
            segmentVideoFrames++;
        }
    }

    @Override
    public void audio(AudioFrame frame) {
        lastAudioPts = frame.ptsMs();
        if (follows == null && segmenter.startsSegment(frame.ptsMs(), avc == null)) {
            cut(frame.ptsMs());
        }
        if (segmentOpen) {
            muxer.audio(frame);
        }
    }

    /** The publisher has gone: the open segment is closed and the playlist gets EXT-X-ENDLIST. */
    public void finish() {
        if (segmentOpen) {
            long end = Math.max(lastVideoDts == Long.MIN_VALUE ? Long.MIN_VALUE : lastVideoDts + lastVideoDelta,
                    lastAudioPts == Long.MIN_VALUE || aac == null ? Long.MIN_VALUE : lastAudioPts + Math.round(aac.frameDurationMs()));
            closeSegment(Math.max(1, end - segmentStartMs));
        }
        publish(true);
    }

    /** A new publish session continues this playlist: its first segment is marked as a discontinuity. */
    public void resume() {
        segmenter.reset();
        segmentOpen = false;
        muxer = null;
        avc = null;
        aac = null;
        anchored = false;
        lastVideoDts = Long.MIN_VALUE;
        lastAudioPts = Long.MIN_VALUE;
        pendingDiscontinuity = !retained.isEmpty();
        publish(false);
    }

    public long nextSequence() {
        return nextSequence;
    }

    public HlsOptions options() {
        return options;
    }

    public AvcConfig videoConfig() {
        return avc;
    }

    public AudioSpecificConfig audioConfig() {
        return aac;
    }

    /**
     * Video frames per second over the last finished segment (frames over duration: exact for the millisecond
     * timestamps of RTMP, where frame gaps alternate 33 and 34 ms at 30 fps); 0 before the first segment.
     */
    public double frameRate() {
        return frameRate;
    }

    /** A rendition's cut where the source cut: a gap in the numbers (a missed boundary) restarts the playlist. */
    private void cutAt(long timestampMs, long sequence) {
        if (segmentOpen) {
            closeSegment(timestampMs - segmentStartMs);
        }
        if (sequence != nextSequence) {
            if (!retained.isEmpty()) {
                retained.forEach(segment -> segment.data().release());
                retained.clear();
                pendingDiscontinuity = true;
            }
            nextSequence = sequence;
        }
        cut(timestampMs);
    }

    private void cut(long timestampMs) {
        if (segmentOpen) {
            closeSegment(timestampMs - segmentStartMs);
        }
        boolean video = avc != null;
        boolean audio = aac != null;
        if (muxer == null || video != muxerVideo || audio != muxerAudio) {
            muxer = new TsMuxer(video, audio, pool);
            muxerVideo = video;
            muxerAudio = audio;
            if (video) {
                muxer.videoConfig(avc);
            }
            if (audio) {
                muxer.audioConfig(aac);
            }
        }
        if (!anchored) {
            anchored = true;
            anchorTs = timestampMs;
            anchorWall = wallClockMs.getAsLong();
        }
        muxer.startSegment();
        segmentOpen = true;
        segmentStartMs = timestampMs;
        segmentProgramDateTime = anchorWall + (timestampMs - anchorTs);
    }

    private void closeSegment(long durationMs) {
        segmentOpen = false;
        if (segmentVideoFrames > 1 && durationMs > 0) {
            frameRate = segmentVideoFrames * 1000.0 / durationMs;
        }
        segmentVideoFrames = 0;
        double seconds = Math.max(0.001, durationMs / 1000.0);
        HlsSegment segment = new HlsSegment(nextSequence, segmentName(baseName, nextSequence), muxer.takeBytes(),
                seconds, segmentProgramDateTime, pendingDiscontinuity);
        nextSequence++;
        pendingDiscontinuity = false;
        targetDuration = Math.max(targetDuration, (int) Math.round(seconds));
        retained.add(segment);
        if (retained.size() > options.listSize() && retained.get(retained.size() - options.listSize() - 1).discontinuity()) {
            discontinuitySequence++; // a discontinuity just left the playlist window
        }
        while (retained.size() > options.listSize() + options.graceSegments()) {
            retained.removeFirst().data().release();
        }
        Snapshot after = publish(false);
        listener.segmentReady(segment, after);
    }

    private Snapshot publish(boolean ended) {
        List<HlsSegment> all = List.copyOf(retained);
        List<HlsSegment> window = all.subList(Math.max(0, all.size() - options.listSize()), all.size());
        Snapshot s = new Snapshot(MediaPlaylist.render(window, targetDuration, discontinuitySequence, options.playlistType(), ended), all, ended);
        snapshot = s;
        return s;
    }
}
