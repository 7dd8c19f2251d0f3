package io.braid.e2e;

import static io.braid.e2e.OriginCluster.await;
import static io.braid.e2e.OriginCluster.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.testkit.ServiceProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's routing with real processes (2 origins, 2 edges, a registry, the gateway): one stream's sessions stay on
 * one edge and many streams spread evenly; an origin at its CPU limit gets no publishes; a viewer's edge dying costs
 * ffmpeg nothing (at most one retried request) and new sessions go to the survivor at once; with no origin able to
 * take a publish, the RTMP connection is held for the gateway's publish wait (3 s), then refused.
 */
class GatewayIT {
    private static final Pattern EDGE_COOKIE = Pattern.compile("braid_edge=([^;]+)");

    @Test
    void routesByStreamAndLoadAndAroundFailedNodes(@TempDir Path dir) throws Exception {
        try (OriginCluster cluster = OriginCluster.start(dir)) {
            // No warm-up for the full one: an idle node that has just started may take work whatever its CPU (by design).
            OriginCluster.Origin full = cluster.addOrigin("origin-full", Map.of("server.cpu_limit", "10", "braid.node.warm-up", "0s"));
            OriginCluster.Origin roomy = cluster.addOrigin("origin-roomy", Map.of("server.cpu_limit", "100"));
            ServiceProcess edgeA = cluster.addEdge("edge-a");
            ServiceProcess edgeB = cluster.addEdge("edge-b");
            OriginCluster.Gateway gateway = cluster.addGateway("gateway");
            String base = gateway.process().baseUrl();
            await("the gateway sees both origins and both edges", Duration.ofSeconds(20),
                    () -> poll(base + "/rest/v2/cluster-nodes").size() >= 6);

            // Affinity: 100 sessions of one stream land on one edge; 400 streams spread within ±25 %.
            Set<String> hotEdges = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                hotEdges.add(edgeOf(get(base + "/LiveApp/streams/hot.m3u8?session=viewer" + i, null)));
            }
            assertEquals(1, hotEdges.size(), "one stream's sessions on one edge: " + hotEdges);
            Map<String, Integer> spread = new HashMap<>();
            for (int i = 0; i < 400; i++) {
                spread.merge(edgeOf(get(base + "/LiveApp/streams/s" + i + ".m3u8", null)), 1, Integer::sum);
            }
            System.out.println("gateway: 400 streams over 2 edges: " + spread);
            assertEquals(2, spread.size(), spread.toString());
            for (int n : spread.values()) {
                assertTrue(n >= 150 && n <= 250, "within 25 % of 200: " + spread);
            }

            // An origin at its CPU limit gets no new publishes: both go to the other one.
            try (CpuLoad load = new CpuLoad()) {
                await("origin-full at its CPU limit in the gateway's view", Duration.ofSeconds(30),
                        () -> !acceptingWork(base, nodeId(full.process())));
                try (Ffmpeg p1 = Ffmpeg.publishTestPattern(dir, "p1", 60, "320x240", rtmp(gateway, "p1"));
                     Ffmpeg p2 = Ffmpeg.publishTestPattern(dir, "p2", 60, "320x240", rtmp(gateway, "p2"))) {
                    await("both publishes on origin-roomy", Duration.ofSeconds(30),
                            () -> poll(roomy.http("/rest/v2/system-resources-info")).path("localLiveStreams").asInt() == 2);
                    assertEquals(0, poll(full.http("/rest/v2/system-resources-info")).path("localLiveStreams").asInt());
                    load.close();

                    // A viewer's edge dies mid-play: ffmpeg plays on, and new sessions go to the survivor.
                    String playlist = base + "/LiveApp/streams/p1.m3u8";
                    await("p1 through the gateway", Duration.ofSeconds(20), () -> !Playlist.fetch(playlist).names().isEmpty());
                    String servedBy = edgeOf(get(playlist, null));
                    ServiceProcess dying = servedBy.equals(nodeId(edgeA)) ? edgeA : edgeB;
                    double retriesBefore = metric(base, "braid_gateway_retries_total");
                    try (Ffmpeg viewer = Ffmpeg.start(dir, "viewer", "-v", "error", "-i", playlist, "-t", "14", "-c", "copy", "-f", "null", "-")) {
                        Thread.sleep(5000);
                        dying.kill();
                        long killed = System.nanoTime();
                        String next = edgeOf(get(base + "/LiveApp/streams/p2.m3u8?session=new-after-kill", null));
                        long ms = (System.nanoTime() - killed) / 1_000_000;
                        String firstNew = next;
                        await("a new session on the surviving edge", Duration.ofSeconds(3),
                                () -> !servedBy.equals(edgeOf(get(base + "/LiveApp/streams/p1.m3u8?session=new-" + System.nanoTime(), null))));
                        System.out.printf("gateway: edge %s killed; a new session went to %s %d ms later%n", servedBy, firstNew, ms);
                        assertEquals(0, viewer.await(60), viewer.output());
                    }
                    double retried = metric(base, "braid_gateway_retries_total") - retriesBefore;
                    System.out.printf("gateway: ffmpeg played on through the edge's death with %.0f retried request(s)%n", retried);
                    assertTrue(retried <= 1, retried + " retried requests");

                    // No origin can take a publish (one at its limit, the other stopped): held 3 s, then refused.
                    try (CpuLoad again = new CpuLoad()) {
                        roomy.process().kill();
                        await("origin-full at its limit again", Duration.ofSeconds(30), () -> !acceptingWork(base, nodeId(full.process())));
                        Thread.sleep(3000); // the stopped origin fails its next health check (every 2 s)
                        long started = System.nanoTime();
                        try (Ffmpeg refused = Ffmpeg.start(dir, "refused", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                                "-t", "5", "-c:v", "libx264", "-preset", "ultrafast", "-f", "flv", rtmp(gateway, "p3"))) {
                            assertTrue(refused.process.waitFor(10, TimeUnit.SECONDS), "the publish was not refused");
                            assertNotEquals(0, refused.process.exitValue());
                        }
                        double seconds = (System.nanoTime() - started) / 1e9;
                        System.out.printf("gateway: publish with every origin full or down held, then refused; ffmpeg exited after %.2f s%n", seconds);
                        assertTrue(metric(base, "braid_gateway_rtmp_refused_total") >= 1);
                        assertTrue(metric(base, "braid_gateway_rtmp_held_total") >= 1);
                        // Held for braid.gateway.publish-wait (3 s) in case an origin turns up, then refused at once.
                        assertTrue(seconds >= 3 && seconds < 4.5, "held 3 s, then refused (ffmpeg start-up included): " + seconds + " s");
                    }
                }
            }
        }
    }

    private static String rtmp(OriginCluster.Gateway gateway, String stream) {
        return "rtmp://127.0.0.1:" + gateway.rtmpPort() + "/LiveApp/" + stream;
    }

    private static boolean acceptingWork(String base, String nodeId) {
        for (JsonNode n : poll(base + "/rest/v2/cluster-nodes")) {
            if (n.path("id").asText().equals(nodeId)) {
                return n.path("acceptingWork").asBoolean(true);
            }
        }
        return true;
    }

    private static String nodeId(ServiceProcess service) {
        return poll(service.baseUrl() + "/rest/v2/system-resources-info").path("instanceId").asText();
    }

    private static String edgeOf(HttpResponse<String> r) {
        Matcher m = EDGE_COOKIE.matcher(r.headers().firstValue("Set-Cookie").orElse(""));
        return m.find() ? m.group(1) : "none (" + r.statusCode() + " " + r.body() + ")";
    }

    private static double metric(String base, String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.E]+)$").matcher(OriginCluster.get(base + "/q/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static HttpResponse<String> get(String url, String cookie) {
        try {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
            if (cookie != null) {
                r.header("Cookie", cookie);
            }
            return OriginCluster.HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(url + ": " + e, e);
        }
    }
}
