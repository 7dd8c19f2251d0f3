package io.braid.rtmp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The socket layer a listener's event loops run on. Linux's epoll through Netty's native transport where its library
 * loads (x86-64 Linux): it reads into the pooled buffers and waits in {@code epoll_wait} without Java NIO's selector
 * locks, key sets and deregister queue (about 5 % of the origin's perf samples at 10 streams); Java NIO elsewhere,
 * and where {@code -Dbraid.netty.nio=true} asks for it.
 */
public enum SocketTransport {
    EPOLL,
    NIO;

    /** Epoll when it is available and not switched off, else NIO. */
    public static SocketTransport best() {
        return !Boolean.getBoolean("braid.netty.nio") && Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Why epoll is not used, or null when it is. */
    public static String epollUnavailableReason() {
        if (Boolean.getBoolean("braid.netty.nio")) {
            return "braid.netty.nio=true";
        }
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? null : cause.toString();
    }

    public EventLoopGroup eventLoops(int threads) {
        return this == EPOLL ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
