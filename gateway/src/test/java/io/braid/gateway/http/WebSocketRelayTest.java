package io.braid.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Which signalling messages name the stream that decides the edge. */
class WebSocketRelayTest {
    @Test
    void theFirstMessageWithAStreamIdPicksTheEdge() {
        assertEquals("t1", WebSocketRelay.streamId("{\"command\":\"play\",\"streamId\":\"t1\",\"token\":\"\"}"));
        assertNull(WebSocketRelay.streamId("{\"command\":\"getIceServerConfig\"}"));
        assertNull(WebSocketRelay.streamId("{\"command\":\"play\",\"streamId\":\"\"}"));
        assertNull(WebSocketRelay.streamId("not json"));
        assertNull(WebSocketRelay.streamId("[1,2]"));
        assertNull(WebSocketRelay.streamId("null"));
    }
}
