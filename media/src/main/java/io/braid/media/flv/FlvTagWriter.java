package io.braid.media.flv;

import io.braid.media.AudioFrame;
import io.braid.media.VideoFrame;
import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.amf.Amf0Writer;
import io.braid.media.OpusFrame;
import io.braid.media.h264.AvcConfig;
import io.braid.media.opus.OpusHead;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes frames as FLV tag bodies (what RTMP video, audio and data messages carry): the other half of
 * {@link FlvDemuxer}. A frame that arrived as FLV keeps its body and is not rewritten.
 */
public final class FlvTagWriter {
    /** FLV codec ids, as onMetaData names them. */
    private static final int AVC = 7;
    private static final int AAC = 10;

    private FlvTagWriter() {
    }

    /** An AVC sequence header: the configuration record, as it came. */
    public static byte[] videoConfig(AvcConfig config) {
        byte[] record = config.record();
        byte[] body = new byte[5 + record.length];
        body[0] = 0x17; // key frame, AVC
        System.arraycopy(record, 0, body, 5, record.length); // packet type 0, composition time 0
        return body;
    }

    /**
     * An AVC NALU tag: the frame's NAL units, each behind a length of {@code config}'s NAL length size (the size the
     * sequence header told the player). Parameter sets stay in the frame: a decoder takes them in band too.
     */
    public static byte[] video(VideoFrame frame, AvcConfig config) {
        if (frame.flvBody() != null) {
            return frame.flvBody();
        }
        int lengthSize = config.nalLengthSize();
        int size = 5;
        for (int[] n : frame.nalUnits()) {
            size += lengthSize + n[1];
        }
        byte[] body = new byte[size];
        int cts = (int) Math.clamp(frame.ptsMs() - frame.dtsMs(), -0x800000, 0x7FFFFF);
        body[0] = (byte) (frame.keyframe() ? 0x17 : 0x27);
        body[1] = 1;
        body[2] = (byte) (cts >>> 16);
        body[3] = (byte) (cts >>> 8);
        body[4] = (byte) cts;
        int at = 5;
        for (int[] n : frame.nalUnits()) {
            for (int shift = (lengthSize - 1) * 8; shift >= 0; shift -= 8) {
                body[at++] = (byte) (n[1] >>> shift);
            }
            System.arraycopy(frame.data(), n[0], body, at, n[1]);
            at += n[1];
        }
        return body;
    }

    /** An AAC sequence header: the AudioSpecificConfig, as it came. */
    public static byte[] audioConfig(AudioSpecificConfig config) {
        byte[] asc = config.bytes();
        byte[] body = new byte[2 + asc.length];
        body[0] = (byte) 0xAF; // AAC, 44 kHz, 16-bit, stereo: FLV's fixed header for AAC, the config has the truth
        System.arraycopy(asc, 0, body, 2, asc.length);
        return body;
    }

    public static byte[] audio(AudioFrame frame) {
        if (frame.flvBody() != null) {
            return frame.flvBody();
        }
        byte[] body = new byte[2 + frame.length()];
        body[0] = (byte) 0xAF;
        body[1] = 1;
        System.arraycopy(frame.data(), frame.offset(), body, 2, frame.length());
        return body;
    }

    /**
     * Enhanced RTMP v2's audio header for Opus: sound format 9 (ExHeader) with the packet type in the low bits, then
     * the FourCC. FFmpeg (7.1 and later) and OBS read it.
     */
    private static byte[] opusTag(int packetType, byte[] payload) {
        byte[] body = new byte[5 + payload.length];
        body[0] = (byte) (FlvAudioTag.EX_HEADER << 4 | packetType);
        body[1] = 'O';
        body[2] = 'p';
        body[3] = 'u';
        body[4] = 's';
        System.arraycopy(payload, 0, body, 5, payload.length);
        return body;
    }

    /** An Enhanced RTMP Opus sequence start: the OpusHead. */
    public static byte[] opusConfig(OpusHead head) {
        return opusTag(FlvAudioTag.EX_SEQUENCE_START, head.bytes());
    }

    /** An Enhanced RTMP Opus packet, as the publisher encoded it. */
    public static byte[] opus(OpusFrame frame) {
        return opusTag(FlvAudioTag.EX_CODED_FRAMES, frame.data());
    }

    /**
     * onMetaData (the body of an AMF0 data message) describing the tracks, as RTMP players expect before media: codec
     * ids, picture size, audio rate and channels. Either config may be null (a stream without that track).
     */
    public static byte[] metadata(AvcConfig video, AudioSpecificConfig audio) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (video != null) {
            m.put("width", video.info().width());
            m.put("height", video.info().height());
            m.put("videocodecid", AVC);
        }
        if (audio != null) {
            m.put("audiocodecid", AAC);
            m.put("audiosamplerate", audio.sampleRate());
            m.put("audiosamplesize", 16);
            m.put("audiochannels", audio.channels());
            m.put("stereo", audio.channels() > 1);
        }
        m.put("encoder", "Braid");
        return Amf0Writer.encode("onMetaData", m);
    }
}
