package io.braid.webrtc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code ice-servers} setting as edges and origins read it, and the {@code Link} each entry becomes. */
class IceServerTest {
    @Test
    void entriesAreAUrlOrAUrlWithUsernameAndCredential() {
        List<WebRtcConfig.IceServer> servers = WebRtcConfig.IceServer.parse(List.of(" stun:stun.example.com:3478",
                "turn:turn.example.com:3478?transport=udp|braid|se|cret"));
        assertEquals(new WebRtcConfig.IceServer("stun:stun.example.com:3478", null, null), servers.get(0));
        assertEquals(new WebRtcConfig.IceServer("turn:turn.example.com:3478?transport=udp", "braid", "se|cret"), servers.get(1),
                "a credential may hold the separator");
        assertEquals("<stun:stun.example.com:3478>; rel=\"ice-server\"", servers.get(0).link());
        assertEquals("<turn:turn.example.com:3478?transport=udp>; rel=\"ice-server\"; username=\"braid\"; credential=\"se|cret\"; "
                + "credential-type=\"password\"", servers.get(1).link());
        assertEquals(List.of(), WebRtcConfig.IceServer.parse(List.of()));
    }
}
