package io.braid.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Splits outgoing messages into chunks: a type 0 header on the first chunk (simple and always correct, at a few
 * bytes per message), type 3 on the rest, with the extended timestamp repeated on each as FFmpeg and librtmp
 * expect. Writing a Set Chunk Size message switches this encoder to the new size for what follows it. Bytes that are
 * already chunks ({@link SharedMessage}, encoded once for every player of a stream) pass through as they are.
 */
final class ChunkEncoder extends MessageToByteEncoder<RtmpMessage> {
    private int chunkSize = 128;

    ChunkEncoder() {
        super(RtmpMessage.class);
    }

    static int chunkStreamFor(int typeId) {
        return switch (typeId) {
            case RtmpMessage.SET_CHUNK_SIZE, RtmpMessage.ABORT, RtmpMessage.ACKNOWLEDGEMENT, RtmpMessage.USER_CONTROL,
                 RtmpMessage.WINDOW_ACK_SIZE, RtmpMessage.SET_PEER_BANDWIDTH -> 2;
            case RtmpMessage.COMMAND_AMF0, RtmpMessage.COMMAND_AMF3 -> 3;
            case RtmpMessage.AUDIO -> 4;
            case RtmpMessage.DATA_AMF0, RtmpMessage.DATA_AMF3 -> 5;
            default -> 6;
        };
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RtmpMessage m, ByteBuf out) {
        encode(m, chunkSize, out);
        if (m.typeId() == RtmpMessage.SET_CHUNK_SIZE) {
            chunkSize = (int) m.controlValue();
        }
    }

    /** One message as chunks of {@code chunkSize}, appended to {@code out}: also how a fan-out encodes once for all players. */
    static void encode(RtmpMessage m, int chunkSize, ByteBuf out) {
        int csid = chunkStreamFor(m.typeId());
        long ts = m.timestamp() & 0xFFFFFFFFL;
        boolean extended = ts >= 0xFFFFFF;
        byte[] payload = m.payload();
        out.ensureWritable(payload.length + 16 + (payload.length / chunkSize + 1) * 5);
        out.writeByte(csid);
        out.writeMedium(extended ? 0xFFFFFF : (int) ts);
        out.writeMedium(payload.length);
        out.writeByte(m.typeId());
        out.writeIntLE(m.streamId());
        if (extended) {
            out.writeInt((int) ts);
        }
        int written = 0;
        do {
            int n = Math.min(chunkSize, payload.length - written);
            out.writeBytes(payload, written, n);
            written += n;
            if (written < payload.length) {
                out.writeByte(0xC0 | csid);
                if (extended) {
                    out.writeInt((int) ts);
                }
            }
        } while (written < payload.length);
    }
}
