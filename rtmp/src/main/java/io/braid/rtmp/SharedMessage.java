package io.braid.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * A published message on its way to many players, chunked once: every player of the stream is sent a duplicate of the
 * same bytes rather than encoding (and copying) the message itself. Players that took play with the usual message
 * stream id and the server's chunk size, which is all of them in practice, share one encoding; any other gets its
 * own.
 *
 * <p>Reference counted: {@link #retain} for each event loop that will write it, {@link #release} when that loop is
 * done; the creator releases its own reference after handing it out.
 */
final class SharedMessage {
    private final RtmpMessage message;
    private ByteBuf chunks;
    private int chunksStreamId;
    private int references = 1;

    SharedMessage(RtmpMessage message) {
        this.message = message;
    }

    RtmpMessage message() {
        return message;
    }

    /** The message as chunks for a player's message stream, to be written (the caller's own reference). */
    synchronized ByteBuf chunksFor(int streamId) {
        if (chunks == null) {
            chunksStreamId = streamId;
            chunks = encode(streamId);
        }
        return streamId == chunksStreamId ? chunks.retainedDuplicate() : encode(streamId);
    }

    private ByteBuf encode(int streamId) {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(message.payload().length + 64);
        ChunkEncoder.encode(message.withStreamId(streamId), RtmpSession.OUT_CHUNK_SIZE, out);
        return out;
    }

    synchronized void retain() {
        references++;
    }

    synchronized void release() {
        if (--references == 0 && chunks != null) {
            chunks.release();
            chunks = null;
        }
    }
}
