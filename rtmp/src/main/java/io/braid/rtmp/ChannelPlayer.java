package io.braid.rtmp;

import io.netty.channel.Channel;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An RTMP player connection as the host sees it. Every write goes through the channel's event loop as a task, in
 * the order {@link #send} was called, so the play-start messages always precede the cached GOP whichever thread
 * sends first. A player whose socket buffer is full skips media until the next video keyframe rather than
 * queueing without bound.
 */
final class ChannelPlayer implements RtmpPlayer {
    /** Queued bytes that are flushed at once: half of Netty's default high-water mark of a channel (64 KB). */
    private static final int FLUSH_AT = 32 * 1024;

    /** When a player's queued media goes to its socket. */
    enum Flush {
        /** With the fan-out's merged write ({@link GopCache#MERGED_WRITE_MS}): fewer writes, up to that much later. */
        MERGED,
        /**
         * Each message at once: for a player that feeds viewers who see every millisecond, such as an edge's WebRTC
         * feed (a merged write's 100 ms bursts became 45 ms of arrival jitter at the browser and as much again in its
         * jitter buffer). A play asks for it with {@code lowLatency=1} in its stream name's query.
         */
        EACH_MESSAGE;

        static Flush of(StreamRequest request) {
            String v = request.param("lowLatency");
            return "1".equals(v) || "true".equalsIgnoreCase(v) ? EACH_MESSAGE : MERGED;
        }
    }

    /** Which audio a player of a stream with Opus from its publisher (WHIP) gets; streams without it send AAC to all. */
    enum Audio {
        /** The AAC the stream makes from the publisher's Opus: what RTMP players and transcoders read, as HLS does. */
        AAC,
        /**
         * The publisher's Opus as it came, in Enhanced RTMP, instead of the AAC: for a player that feeds WebRTC viewers
         * (an edge's WebRTC feed), which would otherwise decode the AAC and encode Opus again. A play asks for it with
         * {@code audio=opus} in its stream name's query.
         */
        OPUS_AS_PUBLISHED;

        static Audio of(StreamRequest request) {
            return "opus".equalsIgnoreCase(request.param("audio")) ? OPUS_AS_PUBLISHED : AAC;
        }
    }

    private final Channel channel;
    private final int streamId;
    private final String streamName;
    private final Flush flush;
    private final Audio audio;
    /** This play has had the stream's Opus header: the stream's AAC then no longer goes to it. */
    private boolean opusStarted;
    private boolean started;
    private boolean waitingForKeyframe;

    ChannelPlayer(Channel channel, int streamId, String streamName, Flush flush, Audio audio) {
        this.channel = channel;
        this.streamId = streamId;
        this.streamName = streamName;
        this.flush = flush;
        this.audio = audio;
    }

    synchronized void start() {
        if (!started) {
            started = true;
            for (RtmpMessage m : RtmpSession.playStart(streamId, streamName)) {
                write(m);
            }
        }
    }

    @Override
    public synchronized void send(RtmpMessage m) {
        if (admit(m)) {
            write(m.withStreamId(streamId));
        }
    }

    @Override
    public ScheduledExecutorService loop() {
        return channel.eventLoop();
    }

    /**
     * On the channel's event loop: queues the stream's shared chunks, in order after every task {@link #send} queued.
     * They are sent at the fan-out's next flush, or now once {@link #FLUSH_AT} bytes wait, well before the socket
     * would count as full (which would make this player skip to the next keyframe), or now for a player that asked
     * for {@link Flush#EACH_MESSAGE}.
     */
    @Override
    public synchronized void deliver(SharedMessage shared) {
        if (!started) { // the play-start messages are tasks yet to run: this message must queue behind them
            send(shared.message());
            return;
        }
        if (admit(shared.message())) {
            channel.write(shared.chunksFor(streamId), channel.voidPromise());
            if (flush == Flush.EACH_MESSAGE || channel.bytesBeforeUnwritable() < FLUSH_AT) {
                channel.flush();
            }
        }
    }

    @Override
    public void flush() {
        channel.flush();
    }

    /**
     * Whether the message goes to this player now: only one of a stream's audio codecs ({@link Audio}), and a full
     * socket buffer makes it skip media until the next keyframe.
     */
    private boolean admit(RtmpMessage m) {
        if (!channel.isActive() || !wantsAudio(m)) {
            return false;
        }
        start();
        boolean droppable = m.isMedia() && !m.isSequenceHeader();
        if (waitingForKeyframe && droppable) {
            if (!m.isVideoKeyframe() || !channel.isWritable()) {
                return false;
            }
            waitingForKeyframe = false;
        } else if (droppable && !channel.isWritable()) {
            waitingForKeyframe = true;
            return false;
        }
        return true;
    }

    /** The stream's Opus goes only to a player that asked for it, and then its AAC no longer does (the cache sends the Opus header first). */
    private boolean wantsAudio(RtmpMessage m) {
        if (m.typeId() != RtmpMessage.AUDIO) {
            return true;
        }
        if (m.isOpusAudio()) {
            if (audio != Audio.OPUS_AS_PUBLISHED) {
                return false;
            }
            opusStarted = true;
            return true;
        }
        return !opusStarted;
    }

    @Override
    public void close(String reason) {
        channel.eventLoop().execute(() -> {
            channel.writeAndFlush(RtmpSession.statusMessage(streamId, "status", "NetStream.Play.UnpublishNotify", reason));
            RtmpSession.closeWithReason(channel, "play ended: " + reason);
        });
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }

    private void write(RtmpMessage m) {
        channel.eventLoop().execute(() -> channel.writeAndFlush(m, channel.voidPromise()));
    }
}
