package io.braid.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.core.event.Topics;
import io.braid.core.json.Json;
import io.braid.testkit.EventCollector;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's life as users meet it, through {@code bin/braid} exactly as the README runs it: ready means ready (a
 * publish right after {@code up} plays through the gateway), a planned leave (SIGTERM) moves publishers to another
 * origin and is never listed as DEAD, and a crash (SIGKILL) is.
 */
class LifecycleIT {
    private static final int RUNS = 5;
    private static final double PLAYABLE_WITHIN_S = 6.0;

    /**
     * Five times from a fresh state: {@code bin/braid up}, then at once the README's own publish command (only the
     * gateway's port differs). The gateway serves the stream's playlist with a segment within 6 s of the publish, and
     * ffprobe finds H.264 and AAC there.
     */
    @Test
    void aPublishRightAfterUpPlaysThroughTheGatewayWithinSixSeconds(@TempDir Path tmp) throws Exception {
        String publish = Readme.publishCommand();
        List<String> figures = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            BraidCli cli = new BraidCli(tmp.resolve("run-" + run));
            Process ffmpeg = null;
            try {
                long upStarted = System.nanoTime();
                cli.run("bin/braid up");
                double upSeconds = seconds(upStarted);
                long published = System.nanoTime();
                ffmpeg = new ProcessBuilder("bash", "-c", "exec " + publish.replace("rtmp://localhost/", "rtmp://localhost:" + cli.rtmpPort + "/"))
                        .redirectInput(new File("/dev/null")).redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("publish-" + run + ".log").toFile()).start();
                String playlist = cli.gateway() + "/LiveApp/streams/t1.m3u8";
                Process publisher = ffmpeg;
                Path log = tmp.resolve("publish-" + run + ".log");
                // The gateway's answer steers the player to its edge: the edge's playlist URL first, the gateway's as fallback.
                String edgePrefix = "http://localhost:" + cli.edgeHttpPort() + "/LiveApp/streams/t1.m3u8?session=";
                List<String> steered = new ArrayList<>();
                await("the playlist with a segment at the edge the gateway sent the player to").atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(100)).until(() -> {
                            assertTrue(publisher.isAlive(), "the README's publish was refused: " + Files.readString(log));
                            List<String> variants = Playlist.variants(playlist);
                            if (variants.isEmpty() || Playlist.fetch(variants.getFirst()).segments().isEmpty()) {
                                return false;
                            }
                            steered.addAll(variants);
                            return true;
                        });
                double playable = seconds(published);
                assertEquals(2, steered.size(), "run " + run + ": " + steered);
                String session = steered.getFirst().substring(edgePrefix.length());
                assertEquals(List.of(edgePrefix + session, "t1.m3u8?session=" + session), steered, "run " + run);
                // The fallback, through the gateway, lists segments at the edge (by the host name used): they bypass the gateway.
                String listed = Playlist.fetch(cli.gateway() + "/LiveApp/streams/" + steered.getLast()).names().getLast();
                assertTrue(listed.startsWith("http://localhost:" + cli.edgeHttpPort() + "/LiveApp/streams/t1") && listed.endsWith("session=" + session),
                        "run " + run + ": segment listed as " + listed);
                String codecs = cli.run(Ffmpeg.codecsCommand(playlist));
                double probed = seconds(published);
                figures.add(String.format("run %d: up %.1f s, playable %.1f s, ffprobe done %.1f s", run, upSeconds, playable, probed));
                assertEquals("aac h264", codecs.trim(), "run " + run);
                assertTrue(playable <= PLAYABLE_WITHIN_S, "run " + run + ": playable after " + playable + " s; " + figures);
            } finally {
                if (ffmpeg != null) {
                    ffmpeg.destroyForcibly();
                }
                cli.run("bin/braid down");
            }
        }
        System.out.println("[LifecycleIT] newcomer's first minute: " + String.join("; ", figures));
    }

    /**
     * Two origins behind the gateway. SIGTERM to the one with the stream: the gateway stops routing to it within 2 s,
     * its publisher is closed at the drain deadline and publishes again through the gateway onto the other origin
     * within 3 s; the node is announced leaving and left once each and never listed DEAD. Then SIGKILL to the edge:
     * DEAD within 21 s, with exactly one node_dead.
     */
    @Test
    void aLeavingOriginHandsItsPublisherOnAndAKilledEdgeReadsDead(@TempDir Path tmp) throws Exception {
        BraidCli cli = new BraidCli(tmp.resolve("home")).with("BRAID_DRAIN_DEADLINE", "3s");
        Set<String> seenDead = ConcurrentHashMap.newKeySet();
        AtomicBoolean watching = new AtomicBoolean(true);
        Ffmpeg first = null;
        Ffmpeg again = null;
        try {
            cli.run("bin/braid up --origins 2 --edges 1 --transcoders 0");
            try (EventCollector status = new EventCollector(cli.kafka(), Topics.CLUSTER_STATUS)) {
                Thread watcher = Thread.ofPlatform().daemon().start(() -> watchForDead(cli, seenDead, watching));
                String rtmp = "rtmp://127.0.0.1:" + cli.rtmpPort + "/LiveApp/moving";
                first = Ffmpeg.publishTestPattern(tmp, "first", 120, "320x240", rtmp);
                String holder = await("the stream is live on an origin").atMost(Duration.ofSeconds(20))
                        .until(() -> broadcast(cli, "moving"), b -> "broadcasting".equals(b.path("status").asText())).path("originNodeId").asText();
                String leaving = cli.nodeId("origin-1").equals(holder) ? "origin-1" : "origin-2";
                String staying = leaving.equals("origin-1") ? "origin-2" : "origin-1";
                assertEquals(holder, cli.nodeId(leaving));
                assertEquals(2, publishableOrigins(cli));

                long term = System.nanoTime();
                cli.run("kill -TERM " + cli.pid(leaving));
                await("the gateway routes no publish to the leaving origin").atMost(Duration.ofSeconds(2))
                        .pollInterval(Duration.ofMillis(50)).until(() -> publishableOrigins(cli) == 1);
                double outOfRotation = seconds(term);
                Ffmpeg closed = first;
                await("the publisher is closed at the drain deadline").atMost(Duration.ofSeconds(30)).until(() -> !closed.process.isAlive());
                double publisherClosed = seconds(term);

                long republished = System.nanoTime();
                again = Ffmpeg.publishTestPattern(tmp, "again", 60, "320x240", rtmp);
                String newHolder = cli.nodeId(staying);
                await("the publish again lands on the other origin").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                        .until(() -> broadcast(cli, "moving"), b -> "broadcasting".equals(b.path("status").asText())
                                && newHolder.equals(b.path("originNodeId").asText()));
                double moved = seconds(republished);

                await("node_left").atMost(Duration.ofSeconds(15)).until(() -> status.count("node_left", holder) == 1);
                assertEquals(1, status.count("node_leaving", holder));
                assertTrue(listedIds(cli).stream().noneMatch(holder::equals), "a node that left is not listed");

                // A crash is still a crash: DEAD within 21 s, announced once.
                String edge = cli.nodeId("edge-1");
                long kill = System.nanoTime();
                cli.run("kill -KILL " + cli.pid("edge-1"));
                await("the killed edge reads DEAD").atMost(Duration.ofSeconds(21)).pollInterval(Duration.ofMillis(250))
                        .until(() -> seenDead.contains(edge));
                double dead = seconds(kill);
                await("node_dead").atMost(Duration.ofSeconds(3)).until(() -> status.count("node_dead", edge) == 1);
                Thread.sleep(3_000); // nothing more may follow
                assertEquals(1, status.count("node_dead", edge));
                assertEquals(0, status.count("node_dead", holder), "the origin that left was never reported dead");
                watching.set(false);
                watcher.join(5_000);
                assertTrue(!seenDead.contains(holder), "the origin that left was listed DEAD");
                System.out.printf("[LifecycleIT] SIGTERM: out of the gateway's rotation %.2f s, publisher closed %.1f s, publishing again on"
                        + " the other origin %.2f s after the new publish; SIGKILL: DEAD after %.1f s%n", outOfRotation, publisherClosed, moved, dead);
            }
        } finally {
            watching.set(false);
            if (first != null) {
                first.close();
            }
            if (again != null) {
                again.close();
            }
            cli.run("bin/braid down");
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static JsonNode broadcast(BraidCli cli, String id) throws IOException, InterruptedException {
        var r = OriginCluster.get(cli.gateway() + "/LiveApp/rest/v2/broadcasts/" + id);
        return r.statusCode() == 200 ? Json.read(r.body(), JsonNode.class) : Json.read("{}", JsonNode.class);
    }

    /** Origins the gateway would send a publish to now, from its own view. */
    private static int publishableOrigins(BraidCli cli) throws IOException, InterruptedException {
        var r = OriginCluster.get(cli.gateway() + "/q/health/group/cluster");
        JsonNode checks = Json.read(r.body(), JsonNode.class).path("checks");
        for (JsonNode c : checks) {
            if ("cluster-routes".equals(c.path("name").asText())) {
                return c.path("data").path("publishableOrigins").asInt();
            }
        }
        return -1;
    }

    private static List<String> listedIds(BraidCli cli) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : Json.read(OriginCluster.get(cli.gateway() + "/rest/v2/cluster-nodes").body(), JsonNode.class)) {
            ids.add(n.path("id").asText());
        }
        return ids;
    }

    /** Every node the registry lists as DEAD, checked four times a second while the test runs. */
    private static void watchForDead(BraidCli cli, Set<String> seenDead, AtomicBoolean watching) {
        while (watching.get()) {
            try {
                for (JsonNode n : Json.read(OriginCluster.get(cli.gateway() + "/rest/v2/cluster-nodes").body(), JsonNode.class)) {
                    if ("DEAD".equals(n.path("status").asText())) {
                        seenDead.add(n.path("id").asText());
                    }
                }
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the gateway may be busy for a moment; the next look counts
            }
        }
    }
}
