package io.braid.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hls.js in headless chromium plays a stream through the gateway of a {@code bin/braid} cluster with two edges, as a
 * viewer's page would. The gateway's first answer steers the player to an edge: its playlist reloads and segments
 * then go to that edge directly, and the gateway sees no play request while it plays. When that edge is killed,
 * hls.js moves to the gateway's pathway, and the gateway routes it to the other edge: it plays on, no fatal error.
 */
class HlsJsSteeringIT {
    private static final Pattern PLAY_REQUESTS = Pattern.compile("(?m)^braid_gateway_requests_seconds_count\\{[^}]*route=\"edge\"[^}]*} ([0-9.E]+)$");

    @Test
    void aSteeredViewerPlaysFromItsEdgeAndMovesOffItWhenItDies(@TempDir Path tmp) throws Exception {
        BraidCli cli = new BraidCli(tmp.resolve("home"));
        try {
            cli.run("bin/braid up --origins 1 --edges 2 --transcoders 0");
            String playlist = cli.gateway() + "/LiveApp/streams/t1.m3u8";
            try (Ffmpeg publisher = Ffmpeg.publishTestPattern(tmp, "publisher", 180, "640x360", "rtmp://127.0.0.1:" + cli.rtmpPort + "/LiveApp/t1")) {
                await("t1 live through the gateway").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> !Playlist.variants(playlist).isEmpty());
                try (BrowserPlayer viewer = BrowserPlayer.hlsJs(tmp, playlist)) {
                    await("hls.js plays 3 fragments").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() -> {
                        assertTrue(viewer.alive(), "chromium exited; see " + tmp.resolve("chromium-hls-player.log"));
                        return viewer.progress().fragments().size() >= 3 && viewer.progress().currentTime() > 2;
                    });
                    BrowserPlayer.Progress first = viewer.progress();
                    int edgePort = onePort(first.fragments());
                    assertTrue(edgePort == cli.edgeHttpPort() || edgePort == cli.edgeHttpPort() + 1, "fragments from an edge: " + first.fragments());
                    assertEquals(Set.of(edgePort), ports(first.playlists()), "playlist reloads at the edge: " + first.playlists());

                    // While it plays on its edge, the gateway gets no play request from it.
                    double gatewayBefore = playRequests(cli);
                    int fragmentsBefore = first.fragments().size();
                    await("3 more fragments").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                            .until(() -> viewer.progress().fragments().size() >= fragmentsBefore + 3);
                    assertEquals(gatewayBefore, playRequests(cli), "play requests through the gateway while steered");
                    assertEquals(Set.of(edgePort), ports(viewer.progress().fragments()));

                    String dying = "edge-" + (edgePort - cli.edgeHttpPort() + 1);
                    double positionAtKill = viewer.progress().currentTime();
                    int fragmentsAtKill = viewer.progress().fragments().size();
                    cli.run("kill -KILL " + cli.pid(dying));
                    long killed = System.nanoTime();
                    int otherEdge = edgePort == cli.edgeHttpPort() ? edgePort + 1 : edgePort - 1;
                    await("hls.js plays on from the other edge").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() -> {
                        BrowserPlayer.Progress now = viewer.progress();
                        List<String> after = now.fragments().subList(fragmentsAtKill, now.fragments().size());
                        return after.stream().filter(f -> port(f) == otherEdge).count() >= 3 && now.currentTime() > positionAtKill + 6;
                    });
                    BrowserPlayer.Progress last = viewer.progress();
                    System.out.printf("[HlsJsSteeringIT] %s killed at %.1f s of play; 3 fragments from the other edge and 6 s more played %.1f s later; "
                                    + "fragments: %d, errors: %s; the gateway answered %.0f play requests in all%n",
                            dying, positionAtKill, (System.nanoTime() - killed) / 1e9, last.fragments().size(), last.errors(), playRequests(cli));
                    assertTrue(last.errors().stream().noneMatch(e -> e.startsWith("fatal")), "hls.js errors: " + last.errors());
                    assertTrue(last.playlists().stream().skip(first.playlists().size()).anyMatch(p -> port(p) == cli.httpPort),
                            "after the kill, playlists came through the gateway: " + last.playlists());
                    assertTrue(publisher.process.isAlive(), "the publisher kept publishing");
                }
            }
        } finally {
            cli.run("bin/braid down");
        }
    }

    private static int onePort(List<String> urls) {
        Set<Integer> ports = ports(urls);
        assertEquals(1, ports.size(), "one server for " + urls);
        return ports.iterator().next();
    }

    private static Set<Integer> ports(List<String> urls) {
        return urls.stream().map(HlsJsSteeringIT::port).collect(Collectors.toSet());
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    /** Play requests the gateway has answered (its requests timer's count for the edge route, all upstreams and statuses). */
    private static double playRequests(BraidCli cli) throws Exception {
        Matcher m = PLAY_REQUESTS.matcher(OriginCluster.get(cli.gateway() + "/q/metrics").body());
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }
}
