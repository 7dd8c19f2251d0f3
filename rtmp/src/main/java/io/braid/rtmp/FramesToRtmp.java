package io.braid.rtmp;

import io.braid.media.AudioFrame;
import io.braid.media.MediaSink;
import io.braid.media.OpusFrame;
import io.braid.media.VideoFrame;
import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.flv.FlvTagWriter;
import io.braid.media.h264.AvcConfig;
import io.braid.media.opus.OpusHead;
import java.util.function.Consumer;

/**
 * The stream core's frames as the RTMP messages a player of the stream gets (RTMP's reader side; {@link
 * io.braid.media.flv.FlvDemuxer} is its ingest side): a sequence header for each configuration, onMetaData before the
 * first frame and again after a configuration changes, then one message per frame. A frame that arrived over RTMP is
 * forwarded in its own tag body, so RTMP to RTMP costs no copy.
 *
 * <p>onMetaData is written here rather than passed on from the publisher, so a stream reads the same whichever
 * protocol brought it (MediaMTX does the same); it says what the players need: codecs, picture size, audio format.
 */
public final class FramesToRtmp implements MediaSink {
    /** The message stream id published media carries; each player's own id is set when it is sent. */
    static final int STREAM_ID = 1;

    private final Consumer<RtmpMessage> out;
    private AvcConfig video;
    private AudioSpecificConfig audio;
    private boolean opus;
    private boolean metadataDue = true;
    private long lastMs;

    public FramesToRtmp(Consumer<RtmpMessage> out) {
        this.out = out;
    }

    @Override
    public void videoConfig(AvcConfig config) {
        video = config;
        metadataDue = true;
        out.accept(new RtmpMessage(RtmpMessage.VIDEO, STREAM_ID, lastMs, FlvTagWriter.videoConfig(config)));
    }

    @Override
    public void audioConfig(AudioSpecificConfig config) {
        audio = config;
        metadataDue = true;
        out.accept(new RtmpMessage(RtmpMessage.AUDIO, STREAM_ID, lastMs, FlvTagWriter.audioConfig(config)));
    }

    @Override
    public void video(VideoFrame frame) {
        if (video == null) {
            return; // not decodable: the core sends configurations first
        }
        media(frame.dtsMs());
        out.accept(new RtmpMessage(RtmpMessage.VIDEO, STREAM_ID, frame.dtsMs(), FlvTagWriter.video(frame, video)));
    }

    @Override
    public void audio(AudioFrame frame) {
        if (audio == null) {
            return;
        }
        media(frame.ptsMs());
        out.accept(new RtmpMessage(RtmpMessage.AUDIO, STREAM_ID, frame.ptsMs(), FlvTagWriter.audio(frame)));
    }

    @Override
    public void opusConfig(OpusHead head) {
        opus = true;
        out.accept(new RtmpMessage(RtmpMessage.AUDIO, STREAM_ID, lastMs, FlvTagWriter.opusConfig(head)));
    }

    /** Not a reason for onMetaData, which describes the AAC track every player can read. */
    @Override
    public void opus(OpusFrame frame) {
        if (opus) {
            out.accept(new RtmpMessage(RtmpMessage.AUDIO, STREAM_ID, frame.ptsMs(), FlvTagWriter.opus(frame)));
        }
    }

    private void media(long ms) {
        lastMs = ms;
        if (metadataDue) {
            metadataDue = false;
            out.accept(new RtmpMessage(RtmpMessage.DATA_AMF0, STREAM_ID, ms, FlvTagWriter.metadata(video, audio)));
        }
    }
}
