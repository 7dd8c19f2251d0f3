package io.braid.media.flv;

import io.braid.media.ByteReader;

/** The header of an FLV audio tag body: sound format (10 = AAC) and, for AAC, the packet type (0 config, 1 raw). */
public record FlvAudioTag(int soundFormat, int aacPacketType, int payloadOffset, int payloadLength) {
    public static final int AAC = 10;
    public static final int AAC_SEQUENCE_HEADER = 0;
    public static final int AAC_RAW = 1;
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
}
