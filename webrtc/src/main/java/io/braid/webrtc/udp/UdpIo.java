package io.braid.webrtc.udp;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;

/** How a node's shared WebRTC UDP port does its I/O. */
public enum UdpIo {
    /** {@link #BATCHED} where the platform has it (Linux on x86-64 or aarch64), else {@link #NIO}. */
    AUTO,
    /** {@code sendmmsg}/{@code recvmmsg} through the FFM API: one system call for up to 64 datagrams. */
    BATCHED,
    /** Netty's NIO datagram channel: a {@code sendto} per datagram. */
    NIO;

    /** Opens a socket of this kind bound to {@code bind}; {@link #BATCHED} fails where it is not available. */
    public UdpSocket open(EventLoopGroup group, InetSocketAddress bind, int bufferBytes, UdpSocket.Receiver receiver) throws IOException {
        LinuxLibc libc = this == NIO ? null : LinuxLibc.load();
        if (this == BATCHED && libc == null) {
            throw new IOException(LinuxLibc.unavailable());
        }
        return libc != null ? BatchedUdpSocket.open(libc, bind, bufferBytes, receiver) : NioUdpSocket.open(group, bind, bufferBytes, receiver);
    }
}
