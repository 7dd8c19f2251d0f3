package io.braid.rtmp;

import io.braid.media.flv.FlvAudioTag;

/**
 * One RTMP message, reassembled from its chunks: type id, message stream id, 32-bit timestamp in ms, and the
 * payload as a plain array (copied once off the wire, then shared read-only between the packager and players).
 */
public record RtmpMessage(int typeId, int streamId, long timestamp, byte[] payload) {
    public static final int SET_CHUNK_SIZE = 1;
    public static final int ABORT = 2;
    public static final int ACKNOWLEDGEMENT = 3;
    public static final int USER_CONTROL = 4;
    public static final int WINDOW_ACK_SIZE = 5;
    public static final int SET_PEER_BANDWIDTH = 6;
    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int DATA_AMF3 = 15;
    public static final int COMMAND_AMF3 = 17;
    public static final int DATA_AMF0 = 18;
    public static final int COMMAND_AMF0 = 20;
    public static final int AGGREGATE = 22;

    public RtmpMessage withStreamId(int id) {
        return id == streamId ? this : new RtmpMessage(typeId, id, timestamp, payload);
    }

    public boolean isMedia() {
        return typeId == AUDIO || typeId == VIDEO;
    }

    /** An FLV video tag that starts a GOP: frame type 1 (legacy and Enhanced RTMP both keep it in bits 4-6). */
    public boolean isVideoKeyframe() {
        return typeId == VIDEO && payload.length > 0 && (payload[0] >> 4 & 0x07) == 1;
    }

    /** The AVC/AAC (or Enhanced RTMP) sequence header, which every player needs before any frame. */
    public boolean isSequenceHeader() {
        if (typeId == VIDEO && payload.length >= 2) {
            return (payload[0] & 0x80) != 0 ? (payload[0] & 0x0F) == 0 : (payload[0] & 0x0F) == 7 && payload[1] == 0;
        }
        return typeId == AUDIO && FlvAudioTag.isSequenceHeader(payload);
    }

    /** Audio in Enhanced RTMP's Opus: a WHIP publisher's own, which only players that asked for it get. */
    public boolean isOpusAudio() {
        return typeId == AUDIO && FlvAudioTag.isOpus(payload);
    }

    /** The 31-bit value that Set Chunk Size and Abort carry (the top bit is reserved); needs 4 payload bytes. */
    long controlValue() {
        return (payload[0] & 0x7FL) << 24 | (payload[1] & 0xFF) << 16 | (payload[2] & 0xFF) << 8 | payload[3] & 0xFF;
    }

    static RtmpMessage control(int typeId, long value) {
        return new RtmpMessage(typeId, 0, 0, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }
}
