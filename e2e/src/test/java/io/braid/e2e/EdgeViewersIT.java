package io.braid.e2e;

import static io.braid.e2e.OriginCluster.await;
import static io.braid.e2e.OriginCluster.get;
import static io.braid.e2e.OriginCluster.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.core.event.Topics;
import io.braid.testkit.EventCollector;
import io.braid.testkit.ServiceProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HLS viewers counted honestly across edges: 3 ffmpeg players on one edge and 2 on another make the broadcast's
 * hlsViewerCount 5 (sessions by {@code session} query value, or by address + user agent), the app's hlsViewerLimit
 * refuses a 6th with 403 while the 5 keep playing, a restarted edge leaves no ghost viewers, every session is a
 * play_started and (on a running edge) a play_stopped with duration and bytes on braid.viewer.events, and the count
 * is back to 0 within 25 s of the players stopping.
 */
class EdgeViewersIT {

    @Test
    void viewersAreCountedAcrossEdgesLimitedAndReported(@TempDir Path dir) throws Exception {
        try (OriginCluster cluster = OriginCluster.start(dir)) {
            OriginCluster.Origin origin = cluster.addOrigin("origin", Map.of("server.cpu_limit", "100"));
            ServiceProcess edgeA = cluster.addEdge("edge-a");
            ServiceProcess edgeB = cluster.addEdge("edge-b");
            String registry = cluster.registry.baseUrl();
            HttpResponse<String> limit = OriginCluster.post(registry + "/rest/v2/applications/settings/LiveApp", "{\"hlsViewerLimit\":5}");
            assertEquals(200, limit.statusCode(), limit.body());
            String broadcast = registry + "/LiveApp/rest/v2/broadcasts/t1";

            try (EventCollector viewerEvents = new EventCollector(cluster.kafka.bootstrapServers(), Topics.VIEWER_EVENTS);
                 Ffmpeg publisher = Ffmpeg.publishTestPattern(dir, "publish", 90, "640x360", origin.rtmp("LiveApp", "t1"))) {
                await("origin packaging", Duration.ofSeconds(15), () -> Playlist.fetch(origin.http("/LiveApp/streams/t1.m3u8")).names().size() >= 2);

                List<Ffmpeg> players = new ArrayList<>();
                try {
                    for (int i = 1; i <= 3; i++) { // sessions named in the URL, as a player given an edge's playlist URL would
                        players.add(Ffmpeg.start(dir, "a" + i, "-v", "error", "-i", edgeA.baseUrl() + "/LiveApp/streams/t1.m3u8?session=a" + i,
                                "-t", "60", "-c", "copy", "-f", "null", "-"));
                    }
                    for (int i = 1; i <= 2; i++) { // sessions told apart by user agent
                        players.add(Ffmpeg.start(dir, "b" + i, "-v", "error", "-user_agent", "player-b" + i,
                                "-i", edgeB.baseUrl() + "/LiveApp/streams/t1.m3u8", "-t", "60", "-c", "copy", "-f", "null", "-"));
                    }
                    await("5 viewers in the broadcast", Duration.ofSeconds(30), () -> poll(broadcast).path("hlsViewerCount").asInt() == 5);
                    assertEquals(3, poll(edgeA.baseUrl() + "/rest/v2/system-resources-info").path("localHLSViewers").asInt());
                    assertEquals(2, poll(edgeB.baseUrl() + "/rest/v2/system-resources-info").path("localHLSViewers").asInt());
                    assertEquals(5, poll(broadcast + "/broadcast-statistics").path("totalHLSWatchersCount").asInt());
                    for (Ffmpeg p : players) {
                        assertTrue(p.process.isAlive(), p.output());
                    }

                    Thread.sleep(2500); // the edges' view of the cluster count is at most 2 s old
                    HttpResponse<String> sixth = get(edgeB.baseUrl() + "/LiveApp/streams/t1.m3u8?session=sixth");
                    assertEquals(403, sixth.statusCode(), sixth.body());
                    assertTrue(sixth.body().contains("viewerLimitReached"), sixth.body());
                    assertEquals(200, get(edgeA.baseUrl() + "/LiveApp/streams/t1.m3u8?session=a1").statusCode(), "a viewer in session keeps watching");

                    // Edge B restarts (same node id) after its players left: its first heartbeat replaces its counts, no ghosts.
                    players.subList(3, 5).forEach(Ffmpeg::close);
                    edgeB.kill();
                    long restarted = System.nanoTime();
                    edgeB = cluster.addEdge("edge-b");
                    await("edge B's viewers gone with its restart", Duration.ofSeconds(15), () -> poll(broadcast).path("hlsViewerCount").asInt() == 3);
                    System.out.printf("edge: restarted edge's viewers left the count %.1f s after it was killed%n", (System.nanoTime() - restarted) / 1e9);
                    assertEquals(0, poll(edgeB.baseUrl() + "/rest/v2/system-resources-info").path("localHLSViewers").asInt(-1));
                } finally {
                    players.forEach(Ffmpeg::close);
                }
                long stopped = System.nanoTime();
                await("no viewers left", Duration.ofSeconds(25), () -> poll(broadcast).path("hlsViewerCount").asInt(-1) == 0);
                System.out.printf("edge: hlsViewerCount 3 -> 0 in %.1f s after the last players stopped%n", (System.nanoTime() - stopped) / 1e9);
                assertEquals(0, poll(edgeA.baseUrl() + "/rest/v2/system-resources-info").path("localHLSViewers").asInt(-1));
                assertEquals(0, poll(edgeB.baseUrl() + "/rest/v2/system-resources-info").path("localHLSViewers").asInt(-1));
                assertEquals(0, poll(broadcast + "/broadcast-statistics").path("totalHLSWatchersCount").asInt(-1));
                assertTrue(System.nanoTime() - stopped < Duration.ofSeconds(25).toNanos(), "all read 0 within 25 s");

                // Edge B was killed, so only edge A's 3 sessions can end with an event; a crashed edge cannot say goodbye.
                await("3 play_stopped events", Duration.ofSeconds(10), () -> events(viewerEvents, "play_stopped").size() == 3);
                List<JsonNode> started = events(viewerEvents, "play_started");
                List<JsonNode> ended = events(viewerEvents, "play_stopped");
                assertEquals(5, started.size(), started.toString());
                Set<String> sessions = started.stream().map(e -> e.path("session").asText()).collect(Collectors.toSet());
                assertTrue(sessions.containsAll(Set.of("a1", "a2", "a3")), sessions.toString());
                assertEquals(Set.of("a1", "a2", "a3"), ended.stream().map(e -> e.path("session").asText()).collect(Collectors.toSet()));
                for (JsonNode e : ended) {
                    assertEquals("t1", e.path("streamId").asText());
                    assertEquals("hls", e.path("protocol").asText());
                    assertTrue(e.path("durationMs").asLong() > 1000, e.toString());
                    assertTrue(e.path("bytes").asLong() > 10_000, e.toString());
                }
                publisher.close();
            }
        }
    }

    private static List<JsonNode> events(EventCollector collector, String type) {
        return collector.events().stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }
}
