package io.braid.rtmp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The RTMP listener: one pipeline per connection (handshake, chunk decoder and encoder, session), with limits. */
public final class RtmpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RtmpServer.class.getName());

    /** The largest read buffer: Netty's pooled allocator caches buffers up to this size per event loop. */
    static final int READ_BUFFER_MAX = 32 * 1024;

    private final SocketTransport transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel listener;
    private final AtomicInteger connections = new AtomicInteger();

    private RtmpServer(String host, int port, RtmpLimits limits, RtmpHost rtmpHost, int workerThreads) throws InterruptedException {
        transport = SocketTransport.best();
        boss = transport.eventLoops(1);
        workers = transport.eventLoops(workerThreads);
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 512)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Reads of up to 32 KiB: buffers that size come from the event loop's own cache of the pooled allocator;
                // Netty's default of up to 64 KiB went to the shared arena for each read of a busy publisher, which
                // created and freed whole 4 MiB chunks as the loop's load came and went (a JFR hot spot at 10 streams).
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 2048, READ_BUFFER_MAX))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (connections.incrementAndGet() > limits.maxConnections()) {
                            connections.decrementAndGet();
                            RtmpSession.closeWithReason(ch, "connection limit of " + limits.maxConnections() + " reached");
                            return;
                        }
                        ch.closeFuture().addListener(f -> connections.decrementAndGet());
                        ChunkDecoder decoder = new ChunkDecoder(limits);
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(limits.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                                .addLast("handshake", new HandshakeHandler(limits.handshakeTimeout().toMillis()))
                                .addLast("chunk-decoder", decoder)
                                .addLast("chunk-encoder", new ChunkEncoder())
                                .addLast("session", new RtmpSession(rtmpHost, decoder));
                    }
                });
        listener = bootstrap.bind(host, port).sync().channel();
        String noEpoll = SocketTransport.epollUnavailableReason();
        LOG.log(System.Logger.Level.INFO, "RTMP listening on {0} ({1})", listener.localAddress(),
                noEpoll == null ? "epoll" : "Java NIO: epoll is not available, " + noEpoll);
    }

    public static RtmpServer start(String host, int port, RtmpLimits limits, RtmpHost rtmpHost, int workerThreads) throws InterruptedException {
        return new RtmpServer(host, port, limits, rtmpHost, workerThreads);
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public SocketTransport transport() {
        return transport;
    }

    public int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
