package io.braid.edge.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SteeringPlaylistTest {
    private static final String EDGE = "http://localhost:5200/LiveApp/streams/";

    @Test
    void aMediaPlaylistBecomesOneVariantOnTheEdgeWithTheEntryPointAsFallback() {
        String steering = new String(SteeringPlaylist.ofMedia("t1.m3u8", 4_200_000).render("s1", EDGE), StandardCharsets.UTF_8);
        assertEquals("""
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=4200000,PATHWAY-ID="edge"
                http://localhost:5200/LiveApp/streams/t1.m3u8?session=s1
                #EXT-X-STREAM-INF:BANDWIDTH=4200000,PATHWAY-ID="gateway"
                t1.m3u8?session=s1
                """, steering);
    }

    @Test
    void aLadderIsListedOncePerPathwayInItsOrder() {
        String master = "#EXTM3U\r\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=854x480,CODECS=\"avc1.64001f,mp4a.40.2\"\nt1_480p.m3u8\n\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=300000\nt1_240p.m3u8?x=1\n";
        SteeringPlaylist s = SteeringPlaylist.Source.of(master).steering().orElseThrow();
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=854x480,CODECS="avc1.64001f,mp4a.40.2",PATHWAY-ID="edge"
                http://localhost:5200/LiveApp/streams/t1_480p.m3u8?session=k
                #EXT-X-STREAM-INF:BANDWIDTH=300000,PATHWAY-ID="edge"
                http://localhost:5200/LiveApp/streams/t1_240p.m3u8?x=1&session=k
                #EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=854x480,CODECS="avc1.64001f,mp4a.40.2",PATHWAY-ID="gateway"
                t1_480p.m3u8?session=k
                #EXT-X-STREAM-INF:BANDWIDTH=300000,PATHWAY-ID="gateway"
                t1_240p.m3u8?x=1&session=k
                """, new String(s.render("k", EDGE), StandardCharsets.UTF_8));
        assertTrue(SteeringPlaylist.Source.of(master).multivariant());
    }

    @Test
    void whatItDoesNotRewriteIsLeftAsItIs() {
        for (String master : new String[] {
                "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"audio.m3u8\"\n#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO=\"a\"\nv.m3u8\n",
                "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI=\"i.m3u8\"\n",
                "#EXTM3U\n#EXT-X-CONTENT-STEERING:SERVER-URI=\"/steer\"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n",
                "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,PATHWAY-ID=\"cdn\"\nv.m3u8\n",
                "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n#EXT-X-OTHER\nv.m3u8\n",
                "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n",
                "#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n",
        }) {
            SteeringPlaylist.Source source = SteeringPlaylist.Source.of(master);
            assertTrue(source.multivariant(), master);
            assertEquals(Optional.empty(), source.steering(), master);
        }
    }

    @Test
    void theNewestSegmentIsTheLastListedWithItsDuration() {
        String media = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\nt1000000001.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:1.5,title\r\nt1000000002.ts\r\n";
        SteeringPlaylist.Source source = SteeringPlaylist.Source.of(media);
        assertFalse(source.multivariant());
        assertEquals(Optional.of(new SteeringPlaylist.Segment("t1000000002.ts", 1.5)), source.newest());
        assertEquals(Optional.empty(), SteeringPlaylist.newestSegment("#EXTM3U\n#EXT-X-TARGETDURATION:2\n"));
        assertEquals(Optional.empty(), SteeringPlaylist.newestSegment("#EXTINF:x,\na.ts\n#EXTINF:-1,\nb.ts\n"), "no usable duration");
    }

    /** Mutated playlists: every one is either rewritten into a well-formed steering playlist or left alone, never an exception. */
    @Test
    void mutatedPlaylistsNeverThrow() {
        String base = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS=\"avc1\"\nt1_480p.m3u8\n#EXTINF:2.0,\nx.ts\n";
        String alphabet = "#:,=\"\n\r?&/ EXTINF-STREAM0123456789.m3u8ts";
        Random random = new Random(13);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder m = new StringBuilder(base);
            for (int edits = 1 + random.nextInt(6); edits > 0; edits--) {
                int at = random.nextInt(m.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> m.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> m.delete(at, Math.min(m.length(), at + 1 + random.nextInt(8)));
                    default -> m.setLength(Math.min(m.length(), at));
                }
            }
            SteeringPlaylist.Source source = SteeringPlaylist.Source.of(m.toString());
            source.steering().ifPresent(s -> {
                String out = new String(s.render("k", EDGE), StandardCharsets.UTF_8);
                assertTrue(out.startsWith("#EXTM3U\n") && out.contains("PATHWAY-ID=\"edge\"") && out.contains("PATHWAY-ID=\"gateway\""), out);
            });
            source.newest().ifPresent(seg -> assertTrue(seg.seconds() > 0 && !seg.uri().isBlank()));
        }
    }
}
