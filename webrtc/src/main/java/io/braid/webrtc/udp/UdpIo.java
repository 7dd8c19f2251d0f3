package io.braid.webrtc.udp;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;

/** How a node's shared WebRTC UDP port does its I/O. */
public enum UdpIo {
    /** {@link #GSO} where the platform has it (Linux on x86-64 or aarch64), else {@link #NIO}. */
    AUTO,
    /**
     * {@link #BATCHED}, and consecutive datagrams of one size to one address go out as one message the kernel
     * segments (UDP GSO, Linux 4.18); where the kernel refuses that, it carries on as {@link #BATCHED}.
     */
    GSO,
    /** {@code sendmmsg}/{@code recvmmsg} through the FFM API: one system call for up to 64 datagrams. */
    BATCHED,
    /** Netty's NIO datagram channel: a {@code sendto} per datagram. */
    NIO;

    /** Opens a socket of this kind bound to {@code bind}; {@link #GSO} and {@link #BATCHED} fail where they are not available. */
    public UdpSocket open(EventLoopGroup group, InetSocketAddress bind, int bufferBytes, UdpSocket.Receiver receiver) throws IOException {
        LinuxLibc libc = this == NIO ? null : LinuxLibc.load();
        if ((this == GSO || this == BATCHED) && libc == null) {
            throw new IOException(LinuxLibc.unavailable());
        }
        return libc != null ? BatchedUdpSocket.open(libc, bind, bufferBytes, this != BATCHED, receiver) : NioUdpSocket.open(group, bind, bufferBytes, receiver);
    }
}
