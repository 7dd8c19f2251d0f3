package io.braid.ingest.whip;

import io.braid.webrtc.udp.UdpIo;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The origin's WebRTC ingest (WHIP, RFC 9725). */
@ConfigMapping(prefix = "braid.whip")
public interface WhipSettings {
    /** Whether this origin takes WHIP publishers at all. */
    @WithDefault("true")
    boolean enabled();

    /** The address the UDP (and ICE-TCP) sockets bind. */
    @WithDefault("0.0.0.0")
    String bindAddress();

    /**
     * The one UDP port every WHIP session of this origin shares (ICE-lite). Not the edges' 50000: an origin and an
     * edge on one host (bin/braid, a small cluster) must not fight over it.
     */
    @WithDefault("50100")
    int udpPort();

    /** As the edges' {@code braid.webrtc.udp-io}: {@code auto}, {@code batched} or {@code nio}. */
    @WithDefault("auto")
    UdpIo udpIo();

    /** The ICE-TCP port (RFC 6544 passive candidates) for publishers whose networks block UDP; -1 = none. */
    @WithDefault("50100")
    int tcpPort();

    /** The addresses put into candidates (public or NAT 1:1), host names resolved at start; unset: the interfaces'. */
    Optional<List<String>> advertisedAddresses();

    /** STUN/TURN servers offered to publishers as {@code Link} headers, each {@code url} or {@code url|username|credential}. */
    Optional<List<String>> iceServers();

    /** The AAC bitrate the publisher's Opus is encoded at, for HLS players and RTMP readers. */
    @WithDefault("128000")
    int aacBitrate();

    /** A publisher that sends no media for this long is cut off (its stream ends; a new POST starts it again). */
    @WithDefault("10s")
    Duration mediaTimeout();
}
