package io.braid.webrtc.ice;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;

/**
 * ICE-TCP passive candidates (RFC 6544) on one TCP port, for viewers whose networks block UDP: each frame is a 2-byte
 * length and one STUN, DTLS or SRTP packet (RFC 4571). A connection belongs to the session whose check it passed
 * first and is closed when its first frame is not a valid check, or when it idles for 30 s.
 */
public final class TcpIceListener implements AutoCloseable {
    private final StunResponder responder;
    private final IceTransportStats stats;
    private final Channel server;

    public TcpIceListener(EventLoopGroup group, InetSocketAddress bind, IceRegistry registry, IceTransportStats stats) throws InterruptedException {
        this.responder = new StunResponder(registry);
        this.stats = stats;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(30))
                                .addLast(new LengthFieldBasedFrameDecoder(2048 + 2, 0, 2, 0, 2))
                                .addLast(new Connection());
                    }
                })
                .bind(bind).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }

    private final class Connection extends SimpleChannelInboundHandler<ByteBuf> {
        private IceSession session;
        private TcpPath path;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            int length = frame.readableBytes();
            if (length == 0) {
                return;
            }
            stats.datagramsIn.increment();
            stats.bytesIn.add(length);
            byte[] data = new byte[length];
            frame.readBytes(data);
            PacketKind kind = PacketKind.of(data[0]);
            if (kind == PacketKind.STUN) {
                InetSocketAddress from = (InetSocketAddress) ctx.channel().remoteAddress();
                StunResponder.Result result = responder.handle(data, 0, length, from);
                stats.stun(result.outcome());
                if (result.outcome() != StunResponder.Outcome.ANSWERED) {
                    if (session == null) {
                        ctx.close();
                    }
                    return;
                }
                if (session == null) {
                    session = result.session();
                    path = new TcpPath(ctx.channel(), from);
                } else if (session != result.session()) {
                    ctx.close();
                    return;
                }
                session.connectivityCheck(path, result.nominated()); // before the answer, as on UDP
                path.send(result.response(), 0, result.response().length);
            } else if (session == null || kind == PacketKind.OTHER) {
                stats.unknownSource.increment();
                ctx.close();
            } else if (kind == PacketKind.DTLS) {
                session.dtls(path, data);
            } else {
                session.srtp(path, data);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private final class TcpPath implements TransportPath {
        private final Channel channel;
        private final InetSocketAddress remote;

        TcpPath(Channel channel, InetSocketAddress remote) {
            this.channel = channel;
            this.remote = remote;
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public void send(byte[] data, int offset, int length) {
            if (!channel.isWritable() && length > 200) {
                // A congested TCP viewer loses media rather than letting its buffer grow without bound.
                return;
            }
            stats.datagramsOut.increment();
            stats.bytesOut.add(length);
            ByteBuf framed = Unpooled.buffer(2 + length);
            framed.writeShort(length);
            framed.writeBytes(data, offset, length);
            channel.writeAndFlush(framed, channel.voidPromise());
        }

        @Override
        public String protocol() {
            return "tcp";
        }
    }
}
