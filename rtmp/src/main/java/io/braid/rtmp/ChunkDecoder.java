package io.braid.rtmp;

import io.braid.media.MalformedMediaException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles RTMP messages from chunks (RTMP spec section 5.3): header formats 0-3, 1-3 byte chunk stream ids,
 * extended timestamps, and the peer's Set Chunk Size and Abort, which act on the chunks that follow them and so are
 * handled here. A chunk is consumed only when it is complete in the buffer, so a partial read changes no state.
 * Payload arrays grow as chunks arrive instead of trusting the declared length, and every limit in
 * {@link RtmpLimits} is enforced; a breach throws {@link MalformedMediaException}, which closes this connection.
 */
final class ChunkDecoder extends ByteToMessageDecoder {
    private static final int EXTENDED = 0xFFFFFF;

    /** Per chunk stream: the last header seen, and the message being reassembled on it. */
    private static final class ChunkStream {
        long timestamp;
        long delta;
        int length;
        int typeId;
        int streamId;
        boolean extended;
        byte[] partial;
        int filled;
    }

    private final RtmpLimits limits;
    private final Map<Integer, ChunkStream> streams = new HashMap<>();
    /** The same streams by id for the ids encoders use (2..63, one-byte basic headers): a lookup per chunk, no hashing. */
    private final ChunkStream[] lowStreams = new ChunkStream[64];
    private int chunkSize = 128;
    private long pendingBytes;
    private long bytesReceived;
    private boolean failed;

    ChunkDecoder(RtmpLimits limits) {
        this.limits = limits;
    }

    /** Bytes consumed so far, for acknowledgements. */
    long bytesReceived() {
        return bytesReceived;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes()); // the connection is closing; what follows an error means nothing
            return;
        }
        try {
            while (in.isReadable()) {
                int start = in.readerIndex();
                RtmpMessage message = chunk(in);
                if (in.readerIndex() == start) {
                    return; // incomplete chunk: wait for more bytes
                }
                bytesReceived += in.readerIndex() - start;
                if (message != null) {
                    out.add(message);
                }
            }
        } catch (MalformedMediaException e) {
            failed = true;
            streams.clear();
            java.util.Arrays.fill(lowStreams, null);
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** Reads one whole chunk, or leaves the reader index where it was if the chunk is not all there yet. */
    private RtmpMessage chunk(ByteBuf in) {
        int start = in.readerIndex();
        int first = in.readUnsignedByte();
        int fmt = first >> 6;
        int csid = first & 0x3F;
        if (csid == 0) {
            if (!in.isReadable()) {
                return rewind(in, start);
            }
            csid = 64 + in.readUnsignedByte();
        } else if (csid == 1) {
            if (in.readableBytes() < 2) {
                return rewind(in, start);
            }
            csid = 64 + in.readUnsignedByte() + 256 * in.readUnsignedByte();
        }
        int headerSize = fmt == 0 ? 11 : fmt == 1 ? 7 : fmt == 2 ? 3 : 0;
        if (in.readableBytes() < headerSize) {
            return rewind(in, start);
        }
        ChunkStream cs = csid < lowStreams.length ? lowStreams[csid] : streams.get(csid);
        if (cs == null) {
            if (fmt != 0) {
                throw new MalformedMediaException("chunk stream " + csid + " starts with a type " + fmt + " header, which needs an earlier one");
            }
            if (streams.size() >= limits.maxChunkStreams()) {
                throw new MalformedMediaException("more than " + limits.maxChunkStreams() + " chunk streams");
            }
        }
        long ts = 0;
        int length = cs == null ? 0 : cs.length;
        int typeId = cs == null ? 0 : cs.typeId;
        int streamId = cs == null ? 0 : cs.streamId;
        if (fmt <= 2) {
            ts = in.readUnsignedMedium();
        }
        if (fmt <= 1) {
            length = in.readUnsignedMedium();
            typeId = in.readUnsignedByte();
        }
        if (fmt == 0) {
            streamId = in.readIntLE();
        }
        boolean extended = fmt <= 2 ? ts == EXTENDED : cs.extended;
        if (extended) {
            if (in.readableBytes() < 4) {
                return rewind(in, start);
            }
            long ext = in.readUnsignedInt();
            if (fmt <= 2) {
                ts = ext;
            }
        }
        boolean continuing = cs != null && cs.partial != null;
        if (fmt <= 1 && continuing) {
            throw new MalformedMediaException("chunk stream " + csid + " starts a new message before finishing one");
        }
        if (length > limits.maxMessageSize()) {
            throw new MalformedMediaException("message of " + length + " bytes is over the limit of " + limits.maxMessageSize());
        }
        int already = continuing ? cs.filled : 0;
        int payload = Math.min(chunkSize, length - already);
        if (in.readableBytes() < payload) {
            return rewind(in, start);
        }
        // The whole chunk is here: commit the header state.
        if (cs == null) {
            cs = new ChunkStream();
            streams.put(csid, cs);
            if (csid < lowStreams.length) {
                lowStreams[csid] = cs;
            }
        }
        if (!continuing) {
            switch (fmt) {
                case 0 -> {
                    cs.timestamp = ts;
                    cs.delta = 0;
                }
                case 1, 2 -> {
                    cs.delta = ts;
                    cs.timestamp = (cs.timestamp + ts) & 0xFFFFFFFFL;
                }
                default -> cs.timestamp = (cs.timestamp + cs.delta) & 0xFFFFFFFFL;
            }
            cs.length = length;
            cs.typeId = typeId;
            cs.streamId = streamId;
            cs.extended = extended;
            cs.partial = new byte[Math.min(length, Math.max(chunkSize, 4096))];
            cs.filled = 0;
        }
        if (payload > 0) {
            if (cs.filled + payload > cs.partial.length) {
                pendingBytes -= cs.partial.length;
                cs.partial = Arrays.copyOf(cs.partial, Math.min(cs.length, Math.max(cs.filled + payload, cs.partial.length * 2)));
                pendingBytes += cs.partial.length;
            } else if (cs.filled == 0) {
                pendingBytes += cs.partial.length;
            }
            if (pendingBytes > limits.maxPendingBytes()) {
                throw new MalformedMediaException("more than " + limits.maxPendingBytes() + " bytes of unfinished messages");
            }
            in.readBytes(cs.partial, cs.filled, payload);
            cs.filled += payload;
        }
        if (cs.filled < cs.length) {
            return null;
        }
        byte[] body = cs.partial;
        pendingBytes -= body.length;
        cs.partial = null;
        cs.filled = 0;
        RtmpMessage message = new RtmpMessage(cs.typeId, cs.streamId, cs.timestamp, body);
        return protocolControl(message) ? null : message;
    }

    /** Set Chunk Size and Abort change how we read; they are applied here, at once. */
    private boolean protocolControl(RtmpMessage m) {
        if (m.typeId() == RtmpMessage.SET_CHUNK_SIZE || m.typeId() == RtmpMessage.ABORT) {
            if (m.payload().length < 4) {
                throw new MalformedMediaException("control message " + m.typeId() + " shorter than 4 bytes");
            }
            long value = m.controlValue();
            if (m.typeId() == RtmpMessage.SET_CHUNK_SIZE) {
                if (value < 1 || value > limits.maxChunkSize()) {
                    throw new MalformedMediaException("peer chunk size " + value + " is outside 1.." + limits.maxChunkSize());
                }
                chunkSize = (int) value;
            } else {
                ChunkStream aborted = streams.get((int) value);
                if (aborted != null && aborted.partial != null) {
                    pendingBytes -= aborted.partial.length;
                    aborted.partial = null;
                    aborted.filled = 0;
                }
            }
            return true;
        }
        return false;
    }

    private static RtmpMessage rewind(ByteBuf in, int start) {
        in.readerIndex(start);
        return null;
    }
}
