package io.braid.webrtc.server;

import io.braid.webrtc.udp.UdpIo;

/** Every {@link WebRtcServerTest} on Netty's NIO datagram channel, the fallback where batched UDP is not available. */
class WebRtcServerNioTest extends WebRtcServerTest {
    @Override
    UdpIo udpIo() {
        return UdpIo.NIO;
    }
}
