package io.braid.media.flv;

import io.braid.media.AudioFrame;
import io.braid.media.MalformedMediaException;
import io.braid.media.MediaSink;
import io.braid.media.VideoFrame;
import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.h264.AvcConfig;
import io.braid.media.h264.AvccFrame;
import io.braid.media.h264.Nal;
import java.util.List;

/**
 * RTMP's adapter to the stream core: turns FLV video and audio tag bodies (RTMP message payloads) into H.264 and AAC
 * frames for a {@link MediaSink}, each frame keeping its tag body so RTMP readers can forward it untouched. Codecs
 * other than H.264 and AAC are not carried: their tags are skipped, and the first one is reported once (to the sink
 * and through {@link #unsupportedCodec()}) rather than breaking the stream.
 */
public final class FlvDemuxer {
    private final MediaSink sink;
    private AvcConfig avc;
    private AudioSpecificConfig aac;
    private String unsupportedCodec;
    private boolean reordered;

    public FlvDemuxer(MediaSink sink) {
        this.sink = sink;
    }

    public void video(long timestampMs, byte[] body) {
        FlvVideoTag tag = FlvVideoTag.parse(body, 0, body.length);
        if (tag.frameType() == FlvVideoTag.COMMAND_FRAME || tag.payloadLength() == 0 && tag.packetType() != FlvVideoTag.AVC_SEQUENCE_HEADER) {
            return;
        }
        if (!tag.isAvc()) {
            unsupported("video " + tag.fourCc());
            return;
        }
        boolean enhanced = (body[0] & 0x80) != 0;
        int packetType = tag.packetType();
        if (packetType == FlvVideoTag.AVC_SEQUENCE_HEADER) {
            avc = AvcConfig.parse(body, tag.payloadOffset(), tag.payloadLength());
            sink.videoConfig(avc);
        } else if (packetType == FlvVideoTag.AVC_NALU || enhanced && packetType == FlvVideoTag.EX_CODED_FRAMES_X) {
            if (avc == null) {
                return; // frames before the sequence header cannot be decoded by anyone
            }
            List<int[]> nals = AvccFrame.nalUnits(body, tag.payloadOffset(), tag.payloadLength(), avc.nalLengthSize());
            boolean idr = false;
            for (int[] n : nals) {
                idr |= Nal.type(body[n[0]]) == Nal.IDR;
            }
            reordered |= tag.compositionTimeMs() != 0;
            sink.video(new VideoFrame(timestampMs, timestampMs + tag.compositionTimeMs(), idr || tag.frameType() == FlvVideoTag.KEY_FRAME && hasSlice(body, nals), body, nals, body));
        }
    }

    public void audio(long timestampMs, byte[] body) {
        FlvAudioTag tag = FlvAudioTag.parse(body, 0, body.length);
        if (tag.soundFormat() != FlvAudioTag.AAC) {
            unsupported("audio " + tag.formatName());
            return;
        }
        if (tag.aacPacketType() == FlvAudioTag.AAC_SEQUENCE_HEADER) {
            aac = AudioSpecificConfig.parse(body, tag.payloadOffset(), tag.payloadLength());
            sink.audioConfig(aac);
        } else if (tag.aacPacketType() == FlvAudioTag.AAC_RAW) {
            if (aac != null && tag.payloadLength() > 0) {
                sink.audio(new AudioFrame(timestampMs, body, tag.payloadOffset(), tag.payloadLength(), body));
            }
        } else {
            throw new MalformedMediaException("FLV: AAC packet type " + tag.aacPacketType());
        }
    }

    public AvcConfig videoConfig() {
        return avc;
    }

    public AudioSpecificConfig audioConfig() {
        return aac;
    }

    /**
     * Whether a video frame has come whose presentation time differs from its decode time: the stream has B-frames
     * (frame reordering), which browsers' WebRTC decoders cannot play.
     */
    public boolean reordered() {
        return reordered;
    }

    /** The first codec seen that we do not package, e.g. "video hvc1", or null. */
    public String unsupportedCodec() {
        return unsupportedCodec;
    }

    private void unsupported(String codec) {
        if (unsupportedCodec == null) {
            unsupportedCodec = codec;
            sink.unsupportedCodec(codec);
        }
    }

    private static boolean hasSlice(byte[] body, List<int[]> nals) {
        for (int[] n : nals) {
            int t = Nal.type(body[n[0]]);
            if (t == Nal.SLICE || t == Nal.IDR) {
                return true;
            }
        }
        return false;
    }
}
