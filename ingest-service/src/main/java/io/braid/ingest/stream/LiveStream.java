package io.braid.ingest.stream;

import io.braid.core.broadcast.LinkStats;
import io.braid.core.broadcast.PublishReport;
import io.braid.media.AudioFrame;
import io.braid.media.MediaSink;
import io.braid.media.OpusFrame;
import io.braid.media.VideoFrame;
import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.h264.AvcConfig;
import io.braid.media.hls.HlsPackager;
import io.braid.media.opus.OpusHead;
import io.braid.rtmp.FramesToRtmp;
import io.braid.rtmp.GopCache;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One stream this origin ingests, whatever protocol brings it: the ingest's adapter (RTMP's {@link
 * io.braid.rtmp.RtmpToFrames}, SRT's {@link io.braid.media.ts.TsToFrames}) hands it codec frames, and it hands them
 * to every consumer: the HLS packager, and RTMP players (transcoders, edges) through {@link FramesToRtmp} and the GOP
 * cache. Frames arrive on the publisher's thread; the figures are read by the refresher and the heartbeat on other
 * threads.
 */
public final class LiveStream implements MediaSink {
    static final long MAX_GOP_BYTES = 16 << 20;

    private final String app;
    private final String streamId;
    private final String sessionId;
    private final String source;
    private final boolean originalInMaster;
    private final String publishType;
    private final Supplier<LinkStats> link;
    private final GopCache players = new GopCache(MAX_GOP_BYTES);
    private final HlsPackager hls;
    /** Who gets the frames, in this order. */
    private final List<MediaSink> consumers;
    private final BiConsumer<LiveStream, String> onClosed;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile AvcConfig videoConfig;
    private volatile AudioSpecificConfig audioConfig;
    private volatile String unsupportedCodec;
    private volatile boolean reordered;
    private volatile long receivedBytes;
    private volatile long lastMediaTs = -1;
    private long windowBytes;
    private long windowStartNanos = System.nanoTime();
    private long windowMediaTs = -1;
    private volatile long bitrate;
    private volatile double speed;
    /** Set by the refresher once it has sent the codecs to the registry. */
    volatile boolean reportedCodecs;

    /**
     * @param source            for a transcoded rendition, the stream it is made from; null for a published stream
     * @param originalInMaster  whether the ABR master playlist lists this (source) stream itself
     *                          ({@code addOriginalMuxerIntoHLSPlaylist})
     * @param publishType       RTMP or SRT, as the broadcast reports it
     * @param link              the contribution link's figures (SRT), or null
     */
    LiveStream(String app, String streamId, String sessionId, String source, boolean originalInMaster, HlsPackager hls,
            String publishType, Supplier<LinkStats> link, BiConsumer<LiveStream, String> onClosed) {
        this.publishType = publishType;
        this.link = link;
        this.app = app;
        this.streamId = streamId;
        this.sessionId = sessionId;
        this.source = source;
        this.originalInMaster = originalInMaster;
        this.hls = hls;
        this.onClosed = onClosed;
        FramesToRtmp rtmp = new FramesToRtmp(players::publish);
        this.consumers = hls != null ? List.of(hls, rtmp) : List.of(rtmp);
    }

    public String app() {
        return app;
    }

    public String streamId() {
        return streamId;
    }

    /** A transcoded rendition, published by a transcoder: it has no claim in the registry. */
    public boolean isRendition() {
        return source != null;
    }

    /** The stream a rendition is made from; null for a published stream. */
    public String source() {
        return source;
    }

    public boolean originalInMaster() {
        return originalInMaster;
    }

    public GopCache players() {
        return players;
    }

    public HlsPackager hls() {
        return hls;
    }

    public long bitrate() {
        return bitrate;
    }

    @Override
    public void videoConfig(AvcConfig config) {
        videoConfig = config;
        for (MediaSink c : consumers) {
            c.videoConfig(config);
        }
    }

    @Override
    public void audioConfig(AudioSpecificConfig config) {
        audioConfig = config;
        for (MediaSink c : consumers) {
            c.audioConfig(config);
        }
    }

    @Override
    public void video(VideoFrame frame) {
        received(frame.data().length, frame.dtsMs());
        reordered |= frame.ptsMs() != frame.dtsMs();
        for (MediaSink c : consumers) {
            c.video(frame);
        }
    }

    @Override
    public void audio(AudioFrame frame) {
        received(frame.length(), frame.ptsMs());
        for (MediaSink c : consumers) {
            c.audio(frame);
        }
    }

    @Override
    public void opusConfig(OpusHead head) {
        for (MediaSink c : consumers) {
            c.opusConfig(head);
        }
    }

    /** Not counted in the ingest figures, which count the AAC made from it (the stream's audio for HLS and RTMP). */
    @Override
    public void opus(OpusFrame frame) {
        for (MediaSink c : consumers) {
            c.opus(frame);
        }
    }

    @Override
    public void unsupportedCodec(String codec) {
        if (unsupportedCodec == null) {
            unsupportedCodec = codec;
        }
    }

    /** Written by the publisher's thread only; read by the refresher. */
    @SuppressWarnings("NonAtomicOperationOnVolatileField")
    private void received(int bytes, long mediaMs) {
        receivedBytes += bytes;
        if (mediaMs > lastMediaTs) {
            lastMediaTs = mediaMs;
        }
    }

    /** The publisher has stopped (unpublish, disconnect, error); only the first call counts. */
    public void closed(String reason) {
        if (closed.compareAndSet(false, true)) {
            if (hls != null) {
                hls.finish();
            }
            players.closeAll(reason);
            onClosed.accept(this, reason);
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Ingest bitrate and speed (media time over wall time, about 1.0 when healthy) since the last call; called by
     * one thread, the refresher.
     */
    synchronized void sampleRates() {
        long now = System.nanoTime();
        double seconds = (now - windowStartNanos) / 1e9;
        long bytes = receivedBytes;
        long media = lastMediaTs;
        if (seconds >= 0.5) {
            bitrate = Math.round((bytes - windowBytes) * 8 / seconds);
            if (windowMediaTs >= 0 && media >= 0) {
                speed = Math.round((media - windowMediaTs) / 1000.0 / seconds * 100) / 100.0;
            }
            windowBytes = bytes;
            windowStartNanos = now;
            windowMediaTs = media;
        }
    }

    /** What the registry should know of this stream now. */
    PublishReport report(String nodeId, String originAdress) {
        AvcConfig video = videoConfig;
        AudioSpecificConfig audio = audioConfig;
        String unsupported = unsupportedCodec;
        String videoCodec = video != null ? "h264" : unsupported != null && unsupported.startsWith("video ") ? unsupported.substring(6) : null;
        String audioCodec = audio != null ? "aac" : unsupported != null && unsupported.startsWith("audio ") ? unsupported.substring(6) : null;
        return new PublishReport(nodeId, originAdress, publishType, videoCodec, audioCodec,
                video == null ? null : video.info().width(), video == null ? null : video.info().height(),
                bitrate, speed, receivedBytes, sessionId, link == null ? null : link.get(),
                video == null ? null : reordered ? PublishReport.WEBRTC_REENCODED : PublishReport.WEBRTC_AS_PUBLISHED);
    }

    boolean described() {
        return videoConfig != null || audioConfig != null;
    }
}
