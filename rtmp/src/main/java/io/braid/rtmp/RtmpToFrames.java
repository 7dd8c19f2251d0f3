package io.braid.rtmp;

import io.braid.media.MediaSink;
import io.braid.media.flv.FlvDemuxer;
import java.util.function.Consumer;

/**
 * A publisher's RTMP messages as the stream core's frames: video and audio through the {@link FlvDemuxer}; the
 * publisher's onMetaData is not forwarded ({@link FramesToRtmp} writes the stream's own). A malformed tag throws
 * {@link io.braid.media.MalformedMediaException}, which closes this publisher's connection only.
 */
public final class RtmpToFrames implements RtmpHost.PublishSink {
    private final FlvDemuxer demuxer;
    private final Consumer<String> onClosed;

    public RtmpToFrames(MediaSink stream, Consumer<String> onClosed) {
        this.demuxer = new FlvDemuxer(stream);
        this.onClosed = onClosed;
    }

    @Override
    public void message(RtmpMessage m) {
        if (m.typeId() == RtmpMessage.VIDEO) {
            demuxer.video(m.timestamp(), m.payload());
        } else if (m.typeId() == RtmpMessage.AUDIO) {
            demuxer.audio(m.timestamp(), m.payload());
        }
    }

    @Override
    public void closed(String reason) {
        onClosed.accept(reason);
    }
}
