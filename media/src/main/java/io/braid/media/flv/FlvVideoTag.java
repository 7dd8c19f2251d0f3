package io.braid.media.flv;

import io.braid.media.ByteReader;
import io.braid.media.MalformedMediaException;

/**
 * The header of an FLV video tag body (as carried in RTMP video messages), legacy or Enhanced RTMP. For legacy AVC,
 * {@code packetType} is the AVCPacketType (0 sequence header, 1 NALUs, 2 end of sequence) and {@code fourCc} is
 * "avc1"; for Enhanced RTMP it is the ExVideo packet type and the FourCC names the codec.
 */
public record FlvVideoTag(int frameType, String fourCc, int packetType, int compositionTimeMs, int payloadOffset, int payloadLength) {
    public static final int KEY_FRAME = 1;
    public static final int COMMAND_FRAME = 5;
    public static final int AVC_SEQUENCE_HEADER = 0;
    public static final int AVC_NALU = 1;
    public static final int EX_SEQUENCE_START = 0;
    public static final int EX_CODED_FRAMES = 1;
    public static final int EX_CODED_FRAMES_X = 3;
    private static final String[] LEGACY_CODECS = {"?", "jpeg", "h263", "screen", "vp6", "vp6a", "screen2", "avc1", "?", "?", "?", "?", "hvc1", "?", "?", "?"};

    public boolean isAvc() {
        return "avc1".equals(fourCc);
    }

    public static FlvVideoTag parse(byte[] body, int offset, int length) {
        ByteReader r = new ByteReader(body, offset, length);
        int first = r.u8();
        if ((first & 0x80) != 0) { // Enhanced RTMP ExVideoTagHeader
            int frameType = first >> 4 & 0x07;
            int packetType = first & 0x0F;
            String fourCc = r.utf8(4);
            int cts = packetType == EX_CODED_FRAMES ? r.s24() : 0;
            return new FlvVideoTag(frameType, fourCc, packetType, cts, r.position(), r.remaining());
        }
        int frameType = first >> 4;
        String codec = LEGACY_CODECS[first & 0x0F];
        if (!"avc1".equals(codec)) {
            return new FlvVideoTag(frameType, codec, -1, 0, r.position(), r.remaining());
        }
        if (frameType == COMMAND_FRAME) {
            return new FlvVideoTag(frameType, codec, -1, 0, r.position(), r.remaining());
        }
        int packetType = r.u8();
        int cts = r.s24();
        if (packetType > 2) {
            throw new MalformedMediaException("FLV: AVC packet type " + packetType);
        }
        return new FlvVideoTag(frameType, codec, packetType, cts, r.position(), r.remaining());
    }
}
