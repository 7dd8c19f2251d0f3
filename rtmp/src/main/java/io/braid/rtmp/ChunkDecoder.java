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
 * handled here. A chunk header is consumed only when it is complete in the buffer, so a partial header changes no
 * state; a chunk's payload is taken as it arrives, so the bytes of a read go straight into the message being
 * reassembled instead of waiting in the decoder's cumulation for the rest of their chunk (which cost a copy of every
 * byte). A message's array starts at up to {@link #FIRST_ALLOCATION} and grows to the declared length only once that
 * much has arrived, within the pending-bytes budget checked before allocating, so a declared length is never
 * trusted up front and a big frame costs one regrowth rather than a doubling series. Every limit in
 * {@link RtmpLimits} is enforced; a breach throws {@link MalformedMediaException}, which closes this connection.
 */
final class ChunkDecoder extends ByteToMessageDecoder {
    private static final int EXTENDED = 0xFFFFFF;
    /** A message's first array: whole audio frames and most P-frames at once, small enough to grant unseen. */
    static final int FIRST_ALLOCATION = 64 * 1024;

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
    /** The chunk stream whose chunk payload is arriving, or null between chunks; {@link #chunkLeft} bytes are to come. */
    private ChunkStream receiving;
    private int chunkLeft;
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
                RtmpMessage message = receiving != null ? payload(in) : chunk(in);
                if (in.readerIndex() == start) {
                    return; // incomplete chunk header: wait for more bytes
                }
                bytesReceived += in.readerIndex() - start;
                if (message != null) {
                    out.add(message);
                }
            }
        } catch (MalformedMediaException e) {
            failed = true;
            streams.clear();
            receiving = null;
            java.util.Arrays.fill(lowStreams, null);
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /**
     * Reads a chunk's header and what of its payload is here, or leaves the reader index where it was if the header is
     * not all there yet.
     */
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
        // The header is all here: commit its state.
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
            cs.filled = 0;
            cs.partial = reserve(null, Math.min(length, Math.max(chunkSize, FIRST_ALLOCATION)));
        }
        if (cs.filled + payload > cs.partial.length) {
            cs.partial = reserve(cs.partial, cs.length);
        }
        receiving = cs;
        chunkLeft = payload;
        return payload(in);
    }

    /** Counts a message's array against the pending-bytes budget before allocating it, and copies what it had. */
    private byte[] reserve(byte[] old, int size) {
        long after = pendingBytes - (old == null ? 0 : old.length) + size;
        if (after > limits.maxPendingBytes()) {
            throw new MalformedMediaException("more than " + limits.maxPendingBytes() + " bytes of unfinished messages");
        }
        pendingBytes = after;
        return old == null ? new byte[size] : Arrays.copyOf(old, size);
    }

    /** Takes what is here of the current chunk's payload; a message that is then complete is returned. */
    private RtmpMessage payload(ByteBuf in) {
        ChunkStream cs = receiving;
        int n = Math.min(chunkLeft, in.readableBytes());
        in.readBytes(cs.partial, cs.filled, n);
        cs.filled += n;
        chunkLeft -= n;
        if (chunkLeft > 0) {
            return null;
        }
        receiving = null;
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
