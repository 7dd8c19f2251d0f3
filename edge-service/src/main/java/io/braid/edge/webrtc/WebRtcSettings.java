package io.braid.edge.webrtc;

import io.braid.webrtc.udp.UdpIo;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The edge's WebRTC playback (WHEP and Ant Media's WebSocket signalling). */
@ConfigMapping(prefix = "braid.webrtc")
public interface WebRtcSettings {
    /** Whether this edge serves WebRTC at all. */
    @WithDefault("true")
    boolean enabled();

    /** The address the UDP (and ICE-TCP) sockets bind. */
    @WithDefault("0.0.0.0")
    String bindAddress();

    /** The one UDP port every WebRTC session of this edge shares (ICE-lite). */
    @WithDefault("50000")
    int udpPort();

    /**
     * How the UDP port does its I/O: {@code auto} ({@code batched} on Linux x86-64/aarch64, else {@code nio}),
     * {@code batched} ({@code sendmmsg}/{@code recvmmsg}, up to 64 datagrams per system call) or {@code nio} (Netty's
     * channel, a system call per datagram).
     */
    @WithDefault("auto")
    UdpIo udpIo();

    /** The ICE-TCP port (RFC 6544 passive candidates) for viewers whose networks block UDP; -1 = none. */
    @WithDefault("50000")
    int tcpPort();

    /**
     * The addresses put into candidates: this edge's public or NAT 1:1 address(es), host names resolved at start.
     * Unset: this machine's IPv4 interface addresses. Wrong ones are the first cause of "connects but never plays".
     */
    Optional<List<String>> advertisedAddresses();

    /**
     * STUN/TURN servers offered to viewers (WHEP {@code Link} headers, Ant Media's iceServerConfig), each
     * {@code url} or {@code url|username|credential}, e.g. {@code turn:turn.example.com:3478?transport=udp|braid|secret}.
     */
    Optional<List<String>> iceServers();

    /**
     * How much audio one Opus packet carries (10, 20, 40 or 60 ms). 40 ms halves the audio packets of 20 ms, which
     * browsers' calls use: a fan-out's cost is per datagram, and with 20 ms audio is 50 of a viewer's ~80 packets a
     * second. It adds 20 ms to the audio's delay, none to the video's.
     */
    @WithDefault("40ms")
    Duration opusFrame();

    /** How long a stream's pull from its origin stays after its last WebRTC viewer, for the next one. */
    @WithDefault("10s")
    Duration idlePull();

    /** How long a new viewer's request waits for a stream's first configuration from its origin. */
    @WithDefault("5s")
    Duration startWait();
}
