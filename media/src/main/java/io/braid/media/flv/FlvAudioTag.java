package io.braid.media.flv;

import io.braid.media.ByteReader;

/** The header of an FLV audio tag body: sound format (10 = AAC) and, for AAC, the packet type (0 config, 1 raw). */
public record FlvAudioTag(int soundFormat, int aacPacketType, int payloadOffset, int payloadLength) {
    public static final int AAC = 10;
    public static final int AAC_SEQUENCE_HEADER = 0;
    public static final int AAC_RAW = 1;
    /** Enhanced RTMP's audio: sound format 9 says a FourCC follows, and the low four bits are the packet type. */
    public static final int EX_HEADER = 9;
    public static final int EX_SEQUENCE_START = 0;
    public static final int EX_CODED_FRAMES = 1;
    private static final String[] FORMATS = {"pcm", "adpcm", "mp3", "pcm-le", "nellymoser16", "nellymoser8", "nellymoser",
        "alaw", "ulaw", "?", "aac", "speex", "?", "?", "mp3-8k", "device"};

    public String formatName() {
        return FORMATS[soundFormat];
    }

    public static FlvAudioTag parse(byte[] body, int offset, int length) {
        ByteReader r = new ByteReader(body, offset, length);
        int format = r.u8() >> 4;
        int packetType = format == AAC ? r.u8() : -1;
        return new FlvAudioTag(format, packetType, r.position(), r.remaining());
    }

    /** An Enhanced RTMP audio body in Opus (FourCC "Opus"), of any packet type. */
    public static boolean isOpus(byte[] body) {
        return body.length >= 5 && (body[0] >> 4 & 0x0F) == EX_HEADER && body[1] == 'O' && body[2] == 'p' && body[3] == 'u' && body[4] == 's';
    }

    /** An audio sequence header, every reader's need before frames: AAC's config, or Enhanced RTMP's sequence start. */
    public static boolean isSequenceHeader(byte[] body) {
        if (body.length < 2) {
            return false;
        }
        int format = body[0] >> 4 & 0x0F;
        return format == AAC ? body[1] == AAC_SEQUENCE_HEADER : format == EX_HEADER && (body[0] & 0x0F) == EX_SEQUENCE_START;
    }
}
