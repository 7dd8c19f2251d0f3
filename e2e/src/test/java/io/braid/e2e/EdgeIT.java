package io.braid.e2e;

import static io.braid.e2e.OriginCluster.await;
import static io.braid.e2e.OriginCluster.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.testkit.FreePorts;
import io.braid.testkit.ServiceProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edges in front of an origin: ffmpeg plays HLS through two edges (one over TLS), an edge serves the origin's bytes
 * (also in ranges, over HTTP/2), new segments are prefetched so a viewer's segment requests hit the cache, concurrent
 * misses for one segment cost the origin one request, a just-ended stream's playlist is served with ENDLIST, and a
 * dead origin turns into a quick 5xx with a reason rather than a hanging request.
 */
class EdgeIT {

    @Test
    void edgesServeTheOriginsStreamFromTheirCaches(@TempDir Path dir) throws Exception {
        assertEquals(0, run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString()));
        int tlsPort = FreePorts.next();
        try (OriginCluster cluster = OriginCluster.start(dir)) {
            OriginCluster.Origin origin = cluster.addOrigin("origin", Map.of("server.cpu_limit", "100"));
            OriginCluster.Origin spare = cluster.addOrigin("spare", Map.of("server.cpu_limit", "100"));
            ServiceProcess edgeA = cluster.addEdge("edge-a", Map.of("quarkus.http.ssl-port", String.valueOf(tlsPort),
                    "quarkus.http.ssl.certificate.files", dir.resolve("cert.pem").toString(),
                    "quarkus.http.ssl.certificate.key-files", dir.resolve("key.pem").toString()));
            ServiceProcess edgeB = cluster.addEdge("edge-b");
            // Prefetch off, so the coalescing burst below is the only thing that fetches segments through this edge.
            ServiceProcess edgeC = cluster.addEdge("edge-c", Map.of("braid.edge.prefetch-window", "0s"));
            String originPlaylist = origin.http("/LiveApp/streams/t1.m3u8");
            try (Ffmpeg publisher = Ffmpeg.publishTestPattern(dir, "publish", 40, "640x360", origin.rtmp("LiveApp", "t1"))) {
                await("origin packaging", Duration.ofSeconds(15), () -> Playlist.fetch(originPlaylist).names().size() >= 2);

                // Coalescing: the newest segment, just announced, asked for 200 times at once on edge C. First, before any
                // edge has a viewer: an edge with a viewer in the last 30 s prefetches each new segment, which the origin's
                // counter would count too (a fresh-clone run once saw 2).
                String last = Playlist.fetch(originPlaylist).names().getLast();
                await("a new segment", Duration.ofSeconds(10), () -> !Playlist.fetch(originPlaylist).names().getLast().equals(last));
                String fresh = Playlist.fetch(originPlaylist).names().getLast();
                double before = originSegmentRequests(origin);
                List<CompletableFuture<HttpResponse<byte[]>>> burst = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    burst.add(OriginCluster.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(edgeC.baseUrl() + "/LiveApp/streams/" + fresh)).build(),
                            HttpResponse.BodyHandlers.ofByteArray()));
                }
                for (CompletableFuture<HttpResponse<byte[]>> r : burst) {
                    assertEquals(200, r.get().statusCode());
                }
                assertEquals(1.0, originSegmentRequests(origin) - before, "200 concurrent edge misses, one origin request");

                String overTls = "https://127.0.0.1:" + tlsPort + "/LiveApp/streams/t1.m3u8";
                try (Ffmpeg viewerA = Ffmpeg.start(dir, "viewer-a", "-v", "error", "-i", overTls, "-t", "10", "-c", "copy", "-f", "null", "-");
                     Ffmpeg viewerB = Ffmpeg.start(dir, "viewer-b", "-v", "error", "-i", edgeB.baseUrl() + "/LiveApp/streams/t1.m3u8", "-t", "16", "-c", "copy", "-f", "null", "-")) {
                    assertEquals(0, viewerA.await(40), viewerA.output());
                    assertEquals(0, viewerB.await(40), viewerB.output());
                }

                // Prefetch: the one viewer of edge B found (nearly) every segment already in the cache.
                double hits = metric(edgeB, "braid_edge_requests_total\\{cache=\"hit\",kind=\"segment\"\\}");
                double misses = metric(edgeB, "braid_edge_requests_total\\{cache=\"miss\",kind=\"segment\"\\}");
                System.out.printf("edge: one viewer, %d segment requests, %.1f %% cache hits%n", (long) (hits + misses), 100 * hits / (hits + misses));
                assertTrue(hits + misses >= 6, "the viewer read segments");
                assertTrue(hits / (hits + misses) >= 0.95, hits + " hits, " + misses + " misses");
                // ...and, with its viewer gone but within 30 s, edge B keeps fetching each new segment before anyone asks.
                double fetches = metric(edgeB, "braid_edge_origin_fetch_seconds_count");
                Thread.sleep(5000);
                assertTrue(metric(edgeB, "braid_edge_origin_fetch_seconds_count") - fetches >= 2, "new segments prefetched");

                String first = Playlist.fetch(originPlaylist).names().getFirst();
                byte[] originBytes = EdgeIT.bytes(origin.http("/LiveApp/streams/" + first), null).body();
                HttpResponse<byte[]> fromEdge = bytes(edgeA.baseUrl() + "/LiveApp/streams/" + first, null);
                assertEquals(200, fromEdge.statusCode());
                assertArrayEquals(originBytes, fromEdge.body(), "byte-identical to the origin's");
                assertEquals("video/mp2t", fromEdge.headers().firstValue("Content-Type").orElse(""));
                assertTrue(fromEdge.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
                assertTrue(fromEdge.headers().firstValue("Last-Modified").isPresent());
                assertEquals("*", fromEdge.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
                HttpResponse<byte[]> part = bytes(edgeA.baseUrl() + "/LiveApp/streams/" + first, "bytes=188-375");
                assertEquals(206, part.statusCode());
                assertEquals("bytes 188-375/" + originBytes.length, part.headers().firstValue("Content-Range").orElse(""));
                assertArrayEquals(Arrays.copyOfRange(originBytes, 188, 376), part.body());
                assertEquals(416, bytes(edgeA.baseUrl() + "/LiveApp/streams/" + first, "bytes=" + originBytes.length + "-").statusCode());

                // HTTP/2 by an independent client: cleartext with prior knowledge, and over TLS (ALPN).
                assertEquals("2 200", curl("--http2-prior-knowledge", edgeB.baseUrl() + "/LiveApp/streams/" + first));
                assertEquals("2 200", curl("--http2", "-k", overTls));


                assertEquals(404, get(edgeA.baseUrl() + "/LiveApp/streams/nothing.m3u8").statusCode());

                // A stream that just ended is still served, with ENDLIST, while its origin keeps the playlist.
                assertEquals(0, publisher.await(60), publisher.output());
                await("the ended playlist through the edge", Duration.ofSeconds(15),
                        () -> Playlist.fetch(edgeA.baseUrl() + "/LiveApp/streams/t1.m3u8").ended());

            }

            // Published again on the same origin, the stream plays through the edge again; then its origin dies mid-stream.
            String edgePlaylist = edgeA.baseUrl() + "/LiveApp/streams/t1.m3u8";
            try (Ffmpeg again = Ffmpeg.publishTestPattern(dir, "publish-again", 60, "640x360", origin.rtmp("LiveApp", "t1"))) {
                await("the republished stream through the edge", Duration.ofSeconds(20), () -> {
                    Playlist p = Playlist.fetch(edgePlaylist);
                    return !p.ended() && !p.names().isEmpty();
                });
                origin.process().kill();
                Thread.sleep(1100); // the playlist may still be fresh in the cache for 1 s; after that the edge must fail fast
                long started = System.nanoTime();
                HttpResponse<String> down = get(edgePlaylist);
                long elapsedMs = (System.nanoTime() - started) / 1_000_000;
                assertTrue(down.statusCode() >= 502 && down.statusCode() <= 504, down.statusCode() + " " + down.body());
                assertTrue(elapsedMs < 3000, "answered in " + elapsedMs + " ms");
                System.out.printf("edge: origin killed -> %d in %d ms: %s%n", down.statusCode(), elapsedMs, down.body());
                for (int i = 0; i < 20; i++) { // viewers keep asking: every answer is quick, the breaker makes them quicker
                    long t = System.nanoTime();
                    int status = get(edgePlaylist).statusCode();
                    assertTrue(status >= 502 && status <= 504 && System.nanoTime() - t < 3_000_000_000L, "status " + status);
                }
                assertTrue(metric(edgeA, "braid_edge_origin_breaker_opened_total") >= 1, "the origin's circuit breaker opened");
            }

            // The publisher comes back on another origin, which may take the stream once the dead one is DEAD (20 s).
            long republished = System.nanoTime();
            Ffmpeg moved = null;
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
                while (moved == null) {
                    Ffmpeg attempt = Ffmpeg.publishTestPattern(dir, "publish-moved", 40, "640x360", spare.rtmp("LiveApp", "t1"));
                    if (!attempt.process.waitFor(3, TimeUnit.SECONDS)) {
                        moved = attempt; // accepted: it is publishing
                    } else {
                        assertTrue(System.nanoTime() < deadline, "the spare origin never accepted the stream: " + attempt.output());
                        Thread.sleep(1000);
                    }
                }
                await("the stream through the edge from the other origin", Duration.ofSeconds(20), () -> {
                    Playlist p = Playlist.fetch(edgePlaylist);
                    return !p.ended() && !p.names().isEmpty();
                });
                System.out.printf("edge: stream playing again from the other origin %.1f s after its origin died%n", (System.nanoTime() - republished) / 1e9);
                try (Ffmpeg viewer = Ffmpeg.start(dir, "viewer-after", "-v", "error", "-i", edgePlaylist, "-t", "4", "-c", "copy", "-f", "null", "-")) {
                    assertEquals(0, viewer.await(30), viewer.output());
                }
            } finally {
                if (moved != null) {
                    moved.close();
                }
            }
        }
    }

    static HttpResponse<byte[]> bytes(String url, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (range != null) {
            request.header("Range", range);
        }
        return OriginCluster.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static double originSegmentRequests(OriginCluster.Origin origin) throws Exception {
        Matcher m = Pattern.compile("(?m)^braid_origin_http_requests_total\\{kind=\"segment\"[^}]*\\} ([0-9.E]+)$").matcher(get(origin.http("/q/metrics")).body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static double metric(ServiceProcess service, String nameAndLabels) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + nameAndLabels + " ([0-9.E]+)$").matcher(get(service.baseUrl() + "/q/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** curl's "HTTP version and status" for a GET. */
    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_version} %{http_code}", "--max-time", "5"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return out;
    }

    private static int run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(command[0] + ".log").toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), command[0] + " finished");
        return p.exitValue();
    }
}
