package io.braid.rtmp;

import io.braid.media.MalformedMediaException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Server side of the simple RTMP handshake (RTMP spec section 5.2): C0+C1 in, S0+S1+S2 out, C2 in. S1 carries zero
 * in its version field, which tells clients (FFmpeg, OBS) not to expect the digest handshake. C2 is not compared
 * with S1: clients that do the digest variant send something else there, and nothing depends on it. A client that
 * has not finished within the timeout is closed. When done, the handler leaves the pipeline and the bytes that
 * follow go to the chunk decoder.
 */
final class HandshakeHandler extends ByteToMessageDecoder {
    static final int SIZE = 1536;
    private static final int VERSION = 3;

    private final long timeoutMs;
    private boolean sentS0S1S2;

    HandshakeHandler(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.executor().schedule(() -> {
            if (ctx.pipeline().get(HandshakeHandler.class) != null && ctx.channel().isActive()) {
                RtmpSession.closeWithReason(ctx.channel(), "handshake not completed within " + timeoutMs + " ms");
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!sentS0S1S2) {
            if (in.readableBytes() < 1) {
                return;
            }
            int version = in.getUnsignedByte(in.readerIndex());
            if (version != VERSION) {
                throw new MalformedMediaException("handshake: RTMP version " + version + " (C0), expected 3");
            }
            if (in.readableBytes() < 1 + SIZE) {
                return;
            }
            in.skipBytes(1);
            ByteBuf c1 = in.readSlice(SIZE);
            ByteBuf reply = ctx.alloc().buffer(1 + 2 * SIZE);
            reply.writeByte(VERSION);
            reply.writeInt((int) (System.currentTimeMillis() & 0x7FFFFFFF));
            reply.writeInt(0);
            byte[] random = new byte[SIZE - 8];
            ThreadLocalRandom.current().nextBytes(random);
            reply.writeBytes(random);
            reply.writeBytes(c1); // S2 echoes C1
            ctx.writeAndFlush(reply);
            sentS0S1S2 = true;
        }
        if (in.readableBytes() < SIZE) {
            return;
        }
        in.skipBytes(SIZE); // C2
        ctx.pipeline().remove(this);
    }
}
