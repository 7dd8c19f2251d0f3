package io.braid.edge.webrtc;

import io.braid.media.h264.SpsInfo;
import io.braid.transcode.FeedSink;
import io.braid.transcode.OpusFrameDuration;
import io.braid.transcode.WebRtcFeed;
import io.braid.webrtc.fanout.StreamFanout;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One stream's WebRTC source on this edge: one RTMP play from its origin (a {@link WebRtcFeed} on its own thread),
 * feeding one {@link StreamFanout} that every WebRTC viewer of the stream here shares. It is ready once the stream's
 * decoder configuration has arrived, and ends when the source ends, fails, or is stopped for want of viewers.
 */
final class LiveFeed implements FeedSink {
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    /** Where a feed is; it only moves forward. */
    enum State { STARTING, PLAYING, ENDED }

    final String app;
    final String streamId;
    final String sourceUrl;
    final StreamFanout fanout;
    private final WebRtcFeed feed;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Consumer<LiveFeed> onEnd;
    private volatile State state = State.STARTING;
    private volatile String note;
    private volatile String endReason;
    private volatile SpsInfo picture;
    volatile long idleSinceMillis = System.currentTimeMillis();

    LiveFeed(String app, String streamId, String sourceUrl, StreamFanout fanout, OpusFrameDuration opusFrame, Consumer<LiveFeed> onEnd) {
        this.app = app;
        this.streamId = streamId;
        this.sourceUrl = sourceUrl;
        this.fanout = fanout;
        this.onEnd = onEnd;
        this.feed = new WebRtcFeed(sourceUrl, this, opusFrame);
    }

    void start() {
        Thread.ofPlatform().daemon().name("webrtc-feed-" + app + "/" + streamId).start(this::run);
    }

    private void run() {
        String reason;
        try {
            reason = feed.run();
        } catch (RuntimeException e) { // TranscodeException and any other failure of the feed
            reason = e.getMessage();
            LOG.warnf("WebRTC feed of %s/%s from %s ended: %s", app, streamId, sourceUrl, reason);
        }
        endReason = reason;
        state = State.ENDED;
        ready.completeExceptionally(new IllegalStateException(reason));
        onEnd.accept(this);
    }

    void stop() {
        feed.stop();
    }

    /** Completes when the stream's H.264 configuration has arrived (the answer can then name its profile). */
    CompletableFuture<Void> ready() {
        return ready;
    }

    State state() {
        return state;
    }

    /** Why the video is re-encoded (B-frames), or null when it passes through. */
    String note() {
        return note;
    }

    String endReason() {
        return endReason;
    }

    /** The stream's picture as its SPS says (profile, size), or null before it arrived. */
    SpsInfo picture() {
        return picture;
    }

    @Override
    public void parameterSets(byte[] sps, byte[] pps) {
        fanout.parameterSets(sps, pps);
        try {
            picture = SpsInfo.parse(sps);
        } catch (RuntimeException e) {
            picture = null;
        }
        state = State.PLAYING;
        ready.complete(null);
    }

    @Override
    public void video(List<byte[]> nals, long timestamp90k, boolean keyframe) {
        fanout.video(nals, timestamp90k, keyframe);
    }

    @Override
    public void audio(byte[] opus, long timestamp48k) {
        fanout.audio(opus, timestamp48k);
    }

    @Override
    public void note(String message) {
        note = message;
        LOG.infof("%s/%s: %s", app, streamId, message);
    }
}
