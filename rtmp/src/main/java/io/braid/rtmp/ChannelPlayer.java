package io.braid.rtmp;

import io.netty.channel.Channel;

/**
 * An RTMP player connection as the host sees it. Every write goes through the channel's event loop as a task, in
 * the order {@link #send} was called, so the play-start messages always precede the cached GOP whichever thread
 * sends first. A player whose socket buffer is full skips media until the next video keyframe rather than
 * queueing without bound.
 */
final class ChannelPlayer implements RtmpPlayer {
    private final Channel channel;
    private final int streamId;
    private final String streamName;
    private boolean started;
    private boolean waitingForKeyframe;

    ChannelPlayer(Channel channel, int streamId, String streamName) {
        this.channel = channel;
        this.streamId = streamId;
        this.streamName = streamName;
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
        if (!channel.isActive()) {
            return;
        }
        start();
        boolean droppable = m.isMedia() && !m.isSequenceHeader();
        if (waitingForKeyframe && droppable) {
            if (!m.isVideoKeyframe() || !channel.isWritable()) {
                return;
            }
            waitingForKeyframe = false;
        } else if (droppable && !channel.isWritable()) {
            waitingForKeyframe = true;
            return;
        }
        write(m.withStreamId(streamId));
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
