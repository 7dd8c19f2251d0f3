package io.braid.webrtc.udp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/** A UDP socket on Netty's NIO datagram channel, for platforms without {@link BatchedUdpSocket}: a system call per datagram. */
final class NioUdpSocket implements UdpSocket {
    /** Datagrams longer than this are not WebRTC's (an MTU-sized packet is about 1,200 bytes) and are dropped. */
    private static final int MAX_DATAGRAM = 2048;
    /**
     * What may wait for the event loop; beyond it datagrams are dropped. Unbounded, a loop that fell behind (600 viewers
     * on 2 cores) queued pooled direct buffers without limit: the edge grew to 888 MB resident and its sending stopped.
     */
    private static final int MAX_QUEUED = 1 << 16;

    private final Channel channel;
    /**
     * Datagrams sent from other threads (the streams' fan-out) wait here; one task on the event loop writes all that
     * is queued and flushes once. Without it every packet to every viewer was a task of its own and a selector wake-up.
     */
    private final Queue<DatagramPacket> outbound = PlatformDependent.newFixedMpscQueue(MAX_QUEUED);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final LongAdder dropped;

    private NioUdpSocket(Channel channel, LongAdder dropped) {
        this.channel = channel;
        this.dropped = dropped;
    }

    static NioUdpSocket open(EventLoopGroup group, InetSocketAddress bind, int bufferBytes, Receiver receiver) throws IOException {
        try {
            LongAdder dropped = new LongAdder();
            Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .option(ChannelOption.SO_RCVBUF, bufferBytes)
                    .option(ChannelOption.SO_SNDBUF, bufferBytes)
                    // one byte more than the longest taken, so a longer datagram shows (NIO cuts it to the buffer silently)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM + 1))
                    .handler(new Inbound(receiver, dropped))
                    .bind(bind).sync().channel();
            return new NioUdpSocket(channel, dropped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding UDP " + bind, e);
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void send(byte[] data, int offset, int length, InetSocketAddress to) {
        // Copied once into a pooled direct buffer: NIO would otherwise copy a heap buffer into a fresh direct one.
        ByteBuf direct = channel.alloc().directBuffer(length).writeBytes(data, offset, length);
        if (!outbound.offer(new DatagramPacket(direct, to))) {
            direct.release();
            dropped.increment();
            return;
        }
        if (draining.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drain);
        }
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

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public String kind() {
        return "nio";
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private static final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Receiver receiver;
        private final LongAdder dropped;

        Inbound(Receiver receiver, LongAdder dropped) {
            this.receiver = receiver;
            this.dropped = dropped;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            int length = content.readableBytes();
            if (length == 0 || length > MAX_DATAGRAM) {
                dropped.increment();
                return;
            }
            byte[] data = new byte[length];
            content.getBytes(content.readerIndex(), data);
            receiver.datagram(data, packet.sender());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A UDP socket error (ICMP unreachable on Linux) concerns one peer; the socket itself stays.
        }
    }
}
