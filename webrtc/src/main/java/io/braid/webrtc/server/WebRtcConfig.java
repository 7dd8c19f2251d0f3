package io.braid.webrtc.server;

import io.braid.webrtc.udp.UdpIo;
import java.net.InetAddress;
import java.util.List;

/**
 * Where a node's WebRTC transport listens and what it advertises: the shared UDP port, the ICE-TCP port (-1 = none; 0 = any free port),
 * the addresses put into candidates, and TURN/STUN servers offered to clients ({@code turn:host:port?transport=udp}
 * with a user name and credential, or {@code stun:...}), and how the UDP port does its I/O.
 */
public record WebRtcConfig(InetAddress bind, int udpPort, int tcpPort, List<InetAddress> advertised, List<IceServer> iceServers, UdpIo udpIo) {
    /** With the UDP I/O the platform does best ({@link UdpIo#AUTO}). */
    public WebRtcConfig(InetAddress bind, int udpPort, int tcpPort, List<InetAddress> advertised, List<IceServer> iceServers) {
        this(bind, udpPort, tcpPort, advertised, iceServers, UdpIo.AUTO);
    }

    public record IceServer(String url, String username, String credential) {
        /** Each {@code url} or {@code url|username|credential} entry of a service's {@code ice-servers} setting. */
        public static java.util.List<IceServer> parse(java.util.List<String> entries) {
            java.util.List<IceServer> servers = new java.util.ArrayList<>();
            for (String entry : entries) {
                String[] parts = entry.split("\\|", 3);
                servers.add(new IceServer(parts[0].trim(), parts.length > 1 ? parts[1] : null, parts.length > 2 ? parts[2] : null));
            }
            return java.util.List.copyOf(servers);
        }

        /** The WHIP/WHEP {@code Link} header value for this server (RFC 9725 section 4.6). */
        public String link() {
            StringBuilder s = new StringBuilder("<").append(url).append(">; rel=\"ice-server\"");
            if (username != null && !username.isEmpty()) {
                s.append("; username=\"").append(username).append("\"; credential=\"").append(credential)
                        .append("\"; credential-type=\"password\"");
            }
            return s.toString();
        }
    }
}
