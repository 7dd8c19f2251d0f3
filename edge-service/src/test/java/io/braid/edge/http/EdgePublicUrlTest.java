package io.braid.edge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class EdgePublicUrlTest {

    @Test
    void theViewersHostNameFillsTheTemplate() {
        assertEquals("http://localhost:5081/LiveApp/streams/", EdgePublicUrl.prefix("http://{host}:5081", "localhost:5080", "http", "LiveApp"));
        assertEquals("http://10.1.2.3:5081/LiveApp/streams/", EdgePublicUrl.prefix("http://{host}:5081/", "10.1.2.3:5080, proxy:80", null, "LiveApp"));
        assertEquals("http://[::1]:5081/live/streams/", EdgePublicUrl.prefix("http://{host}:5081", "[::1]:5080", "http", "live"));
        assertEquals("https://edge-1.example.com/LiveApp/streams/", EdgePublicUrl.prefix("https://edge-1.example.com", "tv.example.com", "https", "LiveApp"));
    }

    @Test
    void relativeUrlsWhenDirectMixedContentOrAnOddHost() {
        assertNull(EdgePublicUrl.prefix("http://{host}:5081", null, null, "LiveApp"), "asked directly: relative URLs lead here already");
        assertNull(EdgePublicUrl.prefix("http://{host}:5081", "tv.example.com", "https", "LiveApp"), "an https page may not load http segments");
        assertNull(EdgePublicUrl.prefix("http://{host}:5081", "evil\"\n#EXT-X-ENDLIST", "http", "LiveApp"), "nothing odd is written into a playlist");
        assertNull(EdgePublicUrl.prefix("http://{host}:5081", "", "http", "LiveApp"));
    }
}
