package io.braid.edge.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlaylistSessionsTest {

    /** The playlist with the session in every URL, all of them relative as listed. */
    private static String tag(String playlist, String sessionKey) {
        return new String(PlaylistSessions.compile(playlist).render(sessionKey, null), StandardCharsets.UTF_8);
    }

    @Test
    void everyListedUrlCarriesTheSession() {
        String media = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\nt1000000001.ts\n#EXTINF:2.000,\nt1000000002.ts?x=1\n#EXT-X-ENDLIST\n";
        assertEquals("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\nt1000000001.ts?session=abc\n#EXTINF:2.000,\n"
                + "t1000000002.ts?x=1&session=abc\n#EXT-X-ENDLIST\n", tag(media, "abc"));
        String master = "#EXTM3U\r\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"audio.m3u8\"\r\n#EXT-X-STREAM-INF:BANDWIDTH=800000\r\nt1_360p800kbps.m3u8\r\n";
        assertEquals("#EXTM3U\r\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"audio.m3u8?session=s1\"\r\n#EXT-X-STREAM-INF:BANDWIDTH=800000\r\n"
                + "t1_360p800kbps.m3u8?session=s1\r\n", tag(master, "s1"));
        assertEquals("x.ts?session=old", tag("x.ts?session=old", "new"), "an existing session is kept");
    }

    @Test
    void mediaUrlsCanPointAtTheEdgeWhilePlaylistsStayRelative() {
        String prefix = "http://localhost:5081/LiveApp/streams/";
        PlaylistSessions media = PlaylistSessions.compile("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2.000,\n  t1000000001.ts  \n"
                + "#EXTINF:2.000,\nhttp://elsewhere/x.ts\n#EXTINF:2.000,\n/abs/y.ts\n");
        assertEquals("#EXTM3U\n#EXT-X-MAP:URI=\"" + prefix + "init.mp4?session=k\"\n#EXTINF:2.000,\n" + prefix + "t1000000001.ts?session=k\n"
                + "#EXTINF:2.000,\nhttp://elsewhere/x.ts?session=k\n#EXTINF:2.000,\n/abs/y.ts?session=k\n",
                new String(media.render("k", prefix), StandardCharsets.UTF_8), "only relative media URLs get the edge's address");
        PlaylistSessions master = PlaylistSessions.compile("#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,URI=\"a.m3u8?x=1\"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nt1_240p.m3u8\n");
        assertEquals("#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,URI=\"a.m3u8?x=1&session=k\"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nt1_240p.m3u8?session=k\n",
                new String(master.render("k", prefix), StandardCharsets.UTF_8), "playlist reloads keep going through the entry point");
        assertEquals("#EXTM3U\n", new String(PlaylistSessions.compile("#EXTM3U\n").render("k", prefix), StandardCharsets.UTF_8));
        assertEquals("", new String(PlaylistSessions.compile("").render("k", null), StandardCharsets.UTF_8));
    }

    @Test
    void sessionKeysAreTokensOrStableDigests() {
        assertEquals("abc-1_Z", SessionKeys.of("abc-1_Z", "1.2.3.4", "ua"));
        String derived = SessionKeys.of(null, "1.2.3.4", "ua");
        assertEquals(derived, SessionKeys.of("../../etc", "1.2.3.4", "ua"), "a bad value is ignored, not trusted");
        assertEquals(derived, SessionKeys.of("x".repeat(65), "1.2.3.4", "ua"));
        assertNotEquals(derived, SessionKeys.of(null, "1.2.3.5", "ua"));
        assertNotEquals(derived, SessionKeys.of(null, "1.2.3.4", "other"));
        assertTrue(derived.matches("v[0-9a-f]{16}"), derived);
        assertTrue(SessionKeys.fresh().matches("s[0-9a-f]{16}"));
        assertNotEquals(SessionKeys.fresh(), SessionKeys.fresh());
    }
}
