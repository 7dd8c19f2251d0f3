package io.braid.webrtc.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A WebRTC server whose ports are taken fails to start, and gives back everything it opened on the way. */
class WebRtcServerBindTest {
    private static final SessionEvents NONE = new SessionEvents() {
        @Override
        public void started(io.braid.webrtc.peer.PeerSession session, io.braid.webrtc.fanout.StreamFanout stream) {
        }

        @Override
        public void ended(io.braid.webrtc.peer.PeerSession session, io.braid.webrtc.fanout.StreamFanout stream, String reason, boolean wasConnected) {
        }
    };

    @Test
    void aTakenPortFailsTheStartWithoutLeakingDescriptors() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
             ServerSocketChannel tcp = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0))) {
            int takenUdp = ((InetSocketAddress) udp.getLocalAddress()).getPort();
            int takenTcp = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
            // warm up: classes and the JDK's own descriptors are opened once
            assertThrows(IOException.class, () -> new WebRtcServer(config(loopback, takenUdp, 0), NONE));
            long before = openDescriptors();
            for (int i = 0; i < 20; i++) {
                assertThrows(IOException.class, () -> new WebRtcServer(config(loopback, takenUdp, 0), NONE)); // UDP taken
                assertThrows(Exception.class, () -> new WebRtcServer(config(loopback, 0, takenTcp), NONE)); // ICE-TCP taken
            }
            // each failed start had a loop group (a selector: 2-3 descriptors) and, the second kind, a bound UDP socket
            await().atMost(Duration.ofSeconds(10)).until(() -> openDescriptors() <= before + 5);
        }
    }

    private static WebRtcConfig config(InetAddress bind, int udpPort, int tcpPort) {
        return new WebRtcConfig(bind, udpPort, tcpPort, List.of(bind), List.of());
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
