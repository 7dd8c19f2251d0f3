package io.braid.webrtc.ice;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One UDP port for every WebRTC session of a node (ICE-lite, as SRS does). Datagrams are told apart by their first
 * byte (RFC 7983): STUN goes to the {@link StunResponder}, which finds the session by ufrag and, once the check
 * passes, ties the source address to it; DTLS and SRTP are handed to the session their source address belongs to.
 * Anything from an unknown address is dropped.
 */
public final class UdpMux implements AutoCloseable {
    private final IceRegistry registry;
    private final StunResponder responder;
    private final Map<InetSocketAddress, Route> routes = new ConcurrentHashMap<>();
    private final IceTransportStats stats;
    private final Channel channel;
    /**
     * Datagrams sent from other threads (the streams' fan-out) wait here; one task on the event loop writes all that
     * is queued and flushes once. Without it every packet to every viewer was a task of its own and a selector wake-up.
     */
    private final java.util.Queue<DatagramPacket> outbound = io.netty.util.internal.PlatformDependent.newMpscQueue();
    private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();

    /** A checked address, its session, and the path used to answer it. */
    private record Route(IceSession session, TransportPath path) {
    }

    public UdpMux(EventLoopGroup group, InetSocketAddress bind, IceRegistry registry, IceTransportStats stats) throws InterruptedException {
        this.registry = registry;
        this.responder = new StunResponder(registry);
        this.stats = stats;
        this.channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .handler(new Inbound())
                .bind(bind).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Forgets every address a session used (called when it closes). */
    public void forget(IceSession session) {
        routes.values().removeIf(r -> r.session() == session);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private void drain() {
        draining.set(false);
        int written = 0;
        DatagramPacket p;
        while ((p = outbound.poll()) != null) {
            channel.write(p, channel.voidPromise());
            if (++written % 512 == 0) {
                channel.flush();
            }
        }
        channel.flush();
    }

    private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            int length = content.readableBytes();
            if (length == 0 || length > 2048) {
                stats.unknownSource.increment();
                return;
            }
            stats.datagramsIn.increment();
            stats.bytesIn.add(length);
            byte[] data = new byte[length];
            content.getBytes(content.readerIndex(), data);
            InetSocketAddress from = packet.sender();
            switch (PacketKind.of(data[0])) {
                case STUN -> stun(data, from);
                case DTLS -> {
                    Route r = routes.get(from);
                    if (r == null) {
                        stats.unknownSource.increment();
                    } else {
                        r.session().dtls(r.path(), data);
                    }
                }
                case SRTP -> {
                    Route r = routes.get(from);
                    if (r == null) {
                        stats.unknownSource.increment();
                    } else {
                        r.session().srtp(r.path(), data);
                    }
                }
                case OTHER -> stats.unknownSource.increment();
            }
        }

        private void stun(byte[] data, InetSocketAddress from) {
            StunResponder.Result result = responder.handle(data, 0, data.length, from);
            stats.stun(result.outcome());
            if (result.outcome() != StunResponder.Outcome.ANSWERED) {
                return;
            }
            Route route = routes.get(from);
            if (route == null || route.session() != result.session()) {
                route = new Route(result.session(), new UdpPath(from));
                routes.put(from, route);
            }
            // The session learns its path (and starts DTLS) before the answer leaves: a browser sends its ClientHello the
            // moment the answer arrives, and a ClientHello before that would be dropped and retransmitted only after 1 s.
            result.session().connectivityCheck(route.path(), result.nominated());
            route.path().send(result.response(), 0, result.response().length);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A UDP socket error (ICMP unreachable on Linux) concerns one peer; the socket itself stays.
        }
    }

    private final class UdpPath implements TransportPath {
        private final InetSocketAddress remote;

        UdpPath(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public void send(byte[] data, int offset, int length) {
            stats.datagramsOut.increment();
            stats.bytesOut.add(length);
            // Copied once into a pooled direct buffer: NIO would otherwise copy a heap buffer into a fresh direct one.
            ByteBuf direct = channel.alloc().directBuffer(length).writeBytes(data, offset, length);
            outbound.add(new DatagramPacket(direct, remote));
            if (draining.compareAndSet(false, true)) {
                channel.eventLoop().execute(UdpMux.this::drain);
            }
        }

        @Override
        public String protocol() {
            return "udp";
        }
    }
}
