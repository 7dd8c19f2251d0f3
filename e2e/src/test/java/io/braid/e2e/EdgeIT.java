package io.braid.e2e;

import static io.braid.e2e.OriginCluster.await;
import static io.braid.e2e.OriginCluster.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.testkit.ServiceProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edges in front of an origin (first step of the edge issue): ffmpeg plays HLS through two edges, an edge serves
 * the origin's bytes, concurrent misses for one segment cost the origin one request, and a dead origin turns into a
 * quick 5xx with a reason rather than a hanging request.
 */
class EdgeIT {

    @Test
    void edgesServeTheOriginsStreamThroughOneCoalescedFetch(@TempDir Path dir) throws Exception {
        try (OriginCluster cluster = OriginCluster.start(dir)) {
            OriginCluster.Origin origin = cluster.addOrigin("origin", Map.of("server.cpu_limit", "100"));
            ServiceProcess edgeA = cluster.addEdge("edge-a");
            ServiceProcess edgeB = cluster.addEdge("edge-b");
            String originPlaylist = origin.http("/LiveApp/streams/t1.m3u8");
            try (Ffmpeg publisher = Ffmpeg.publishTestPattern(dir, "publish", 40, "640x360", origin.rtmp("LiveApp", "t1"))) {
                await("origin packaging", Duration.ofSeconds(15), () -> Playlist.fetch(originPlaylist).names().size() >= 2);

                try (Ffmpeg viewerA = Ffmpeg.start(dir, "viewer-a", "-v", "error", "-i", edgeA.baseUrl() + "/LiveApp/streams/t1.m3u8", "-t", "6", "-c", "copy", "-f", "null", "-");
                     Ffmpeg viewerB = Ffmpeg.start(dir, "viewer-b", "-v", "error", "-i", edgeB.baseUrl() + "/LiveApp/streams/t1.m3u8", "-t", "6", "-c", "copy", "-f", "null", "-")) {
                    assertEquals(0, viewerA.await(40), viewerA.output());
                    assertEquals(0, viewerB.await(40), viewerB.output());
                }

                String first = Playlist.fetch(originPlaylist).names().getFirst();
                HttpResponse<byte[]> fromEdge = bytes(edgeA.baseUrl() + "/LiveApp/streams/" + first);
                assertEquals(200, fromEdge.statusCode());
                assertArrayEquals(bytes(origin.http("/LiveApp/streams/" + first)).body(), fromEdge.body(), "byte-identical to the origin's");
                assertEquals("video/mp2t", fromEdge.headers().firstValue("Content-Type").orElse(""));
                assertTrue(fromEdge.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
                assertEquals("*", fromEdge.headers().firstValue("Access-Control-Allow-Origin").orElse(""));

                // Coalescing: the newest segment, just announced, asked for 200 times at once on edge B.
                String last = Playlist.fetch(originPlaylist).names().getLast();
                await("a new segment", Duration.ofSeconds(10), () -> !Playlist.fetch(originPlaylist).names().getLast().equals(last));
                String fresh = Playlist.fetch(originPlaylist).names().getLast();
                double before = originSegmentRequests(origin);
                List<CompletableFuture<HttpResponse<byte[]>>> burst = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    burst.add(OriginCluster.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(edgeB.baseUrl() + "/LiveApp/streams/" + fresh)).build(),
                            HttpResponse.BodyHandlers.ofByteArray()));
                }
                for (CompletableFuture<HttpResponse<byte[]>> r : burst) {
                    assertEquals(200, r.get().statusCode());
                }
                assertEquals(1.0, originSegmentRequests(origin) - before, "200 concurrent edge misses, one origin request");

                assertEquals(404, get(edgeA.baseUrl() + "/LiveApp/streams/nothing.m3u8").statusCode());

                origin.process().kill();
                Thread.sleep(1100); // the playlist may still be fresh in the cache for 1 s; after that the edge must fail fast
                long started = System.nanoTime();
                HttpResponse<String> down = get(edgeA.baseUrl() + "/LiveApp/streams/t1.m3u8");
                long elapsedMs = (System.nanoTime() - started) / 1_000_000;
                assertTrue(down.statusCode() >= 502 && down.statusCode() <= 504, down.statusCode() + " " + down.body());
                assertTrue(elapsedMs < 3000, "answered in " + elapsedMs + " ms");
                System.out.printf("edge: origin killed -> %d in %d ms: %s%n", down.statusCode(), elapsedMs, down.body());
                publisher.close();
            }
        }
    }

    static HttpResponse<byte[]> bytes(String url) throws Exception {
        return OriginCluster.HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static double originSegmentRequests(OriginCluster.Origin origin) throws Exception {
        Matcher m = Pattern.compile("(?m)^braid_origin_http_requests_total\\{kind=\"segment\"[^}]*\\} ([0-9.E]+)$").matcher(get(origin.http("/q/metrics")).body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
