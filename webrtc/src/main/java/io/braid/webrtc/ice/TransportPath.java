package io.braid.webrtc.ice;

import java.net.InetSocketAddress;

/** A way back to the peer: a remote address on the shared UDP socket, or one ICE-TCP connection. */
public interface TransportPath {
    InetSocketAddress remote();

    /** Sends one datagram (UDP) or one RFC 4571 frame (TCP); never blocks. */
    void send(byte[] data, int offset, int length);

    /** "udp" or "tcp", for logs and figures. */
    String protocol();
}
