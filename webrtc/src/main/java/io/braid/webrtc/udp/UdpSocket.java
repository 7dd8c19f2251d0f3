package io.braid.webrtc.udp;

import java.net.InetSocketAddress;

/**
 * A bound UDP socket: datagrams that arrive go to its {@link Receiver} (on the socket's own thread, one at a time),
 * and {@link #send} queues one to go out without blocking the caller. Two kinds: {@link BatchedUdpSocket} (Linux,
 * many datagrams per system call) and {@link NioUdpSocket} (Netty's NIO channel, everywhere).
 */
public interface UdpSocket extends AutoCloseable {
    /** Takes each datagram that arrives; {@code data} is the receiver's to keep. */
    @FunctionalInterface
    interface Receiver {
        void datagram(byte[] data, InetSocketAddress from);
    }

    int port();

    /** Queues one datagram for {@code to}; never blocks. The array must not change afterwards (it is sent later). */
    void send(byte[] data, int offset, int length, InetSocketAddress to);

    /** Datagrams that could not be queued or sent (queue full, no route, an address of the other family). */
    long dropped();

    /** Which kind this is, for logs: "sendmmsg" or "nio". */
    String kind();

    @Override
    void close();
}
