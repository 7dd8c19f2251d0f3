package io.braid.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.testkit.EventCollector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebRTC playback from the edges of a {@code bin/braid} cluster (one origin, two edges), with headless chromium as the
 * viewer: WHEP through the gateway, Ant Media's own JavaScript SDK over {@code /{app}/websocket} through the gateway,
 * a stream published with B-frames, one pull from the origin per edge, an edge killed mid-play, and 2 % packet loss
 * each way through a relay.
 */
class WebRtcPlayIT {
    /** A viewer's figures at one moment. */
    record Sample(double time, JsonNode stats) {
        static Sample of(BrowserPlayer p) {
            return new Sample(p.progress().currentTime(), p.stats());
        }
    }

    @Test
    void browsersPlayLiveStreamsOverWebRtcFromTheEdges(@TempDir Path tmp) throws Exception {
        BraidCli cli = new BraidCli(tmp.resolve("home"));
        try {
            cli.run("bin/braid up --origins 1 --edges 2 --transcoders 0");
            String rtmp = "rtmp://127.0.0.1:" + cli.rtmpPort + "/LiveApp/";
            try (EventCollector events = new EventCollector(cli.kafka(), "braid.viewer.events");
                 Ffmpeg t1 = Ffmpeg.publishTestPattern(tmp, "t1", 240, "640x360", rtmp + "t1");
                 Ffmpeg t2 = Ffmpeg.start(tmp, "t2", "-v", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                         "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=48000", "-t", "240", "-c:v", "libx264", "-preset", "veryfast",
                         "-bf", "3", "-g", "50", "-pix_fmt", "yuv420p", "-b:v", "1000k", "-c:a", "aac", "-f", "flv", rtmp + "t2")) {
                for (String s : List.of("t1", "t2")) {
                    await(s + " live through the gateway").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                            .until(() -> !Playlist.variants(cli.gateway() + "/LiveApp/streams/" + s + ".m3u8").isEmpty());
                }
                String whepT1 = cli.gateway() + "/LiveApp/whep/t1";
                int survivor;
                try (BrowserPlayer whep = BrowserPlayer.whep(tmp.resolve("whep"), whepT1, null);
                     BrowserPlayer sdk = BrowserPlayer.antMedia(tmp.resolve("sdk"), "ws://localhost:" + cli.httpPort + "/LiveApp/websocket", "t1")) {
                    playsSmoothly("WHEP through the gateway", whep, 640, 360, cli);
                    playsSmoothly("Ant Media SDK through the gateway", sdk, 640, 360, cli);
                    assertTrue(sdk.progress().errors().stream().anyMatch(e -> e.startsWith("callback play_started")), sdk.progress().errors().toString());
                    await("webRTCViewerCount of t1").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                            .until(() -> OriginCluster.json(cli.gateway() + "/LiveApp/rest/v2/broadcasts/t1").path("webRTCViewerCount").asInt() == 2);
                    await("play_started over webrtc").atMost(Duration.ofSeconds(10)).until(() -> events.events().stream()
                            .filter(e -> "play_started".equals(e.path("type").asText()) && "webrtc".equals(e.path("protocol").asText())).count() >= 2);

                    // Both viewers came through the gateway: they share one edge, which pulls t1 once.
                    String servingEdge = edgeOf(whep);
                    int servingIndex = servingEdge.equals(cli.nodeId("edge-1")) ? 1 : 2;
                    int otherIndex = 3 - servingIndex;
                    survivor = otherIndex;
                    assertEquals(1, rtmpPlayersOnTheOrigin(cli), "one pull for two viewers on one edge");
                    String otherEdge = "http://127.0.0.1:" + (cli.edgeHttpPort() + otherIndex - 1) + "/LiveApp/whep/t1";
                    try (BrowserPlayer direct = BrowserPlayer.whep(tmp.resolve("direct"), otherEdge, null)) {
                        awaitFrames("a viewer on the other edge", direct, 30, cli, "edge-" + otherIndex);
                        assertEquals(2, rtmpPlayersOnTheOrigin(cli), "one pull per edge");

                        // The serving edge dies: a new WHEP offer through the gateway lands on the other one and plays within 3 s.
                        cli.run("kill -KILL " + cli.pid("edge-" + servingIndex));
                        // A browser's CORS preflight comes first, while the gateway may still count the dead edge in:
                        // it is retried on the next edge like a GET (once it went to the dead edge only: "Failed to fetch").
                        java.net.http.HttpResponse<String> preflight = OriginCluster.HTTP.send(java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(whepT1)).method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                                .header("Origin", "http://127.0.0.1:1").header("Access-Control-Request-Method", "POST")
                                .header("Access-Control-Request-Headers", "content-type").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                        assertEquals(204, preflight.statusCode(), "preflight right after the kill: " + preflight.body());
                        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isPresent(), "CORS headers: " + preflight.headers().map());
                        try (BrowserPlayer after = BrowserPlayer.whep(tmp.resolve("after"), whepT1, null)) {
                            awaitFrames("a new viewer plays after the kill", after, 0, cli, "gateway-1", "edge-" + otherIndex);
                            List<String> log = after.progress().errors();
                            long posted = at(log, "post ");
                            long firstFrame = at(log, "first-frame ");
                            System.out.printf("[WebRtcPlayIT] after killing edge-%d: offer to first frame %d ms; %s%n", servingIndex, firstFrame - posted, log);
                            String survivorId = cli.nodeId("edge-" + otherIndex);
                            assertTrue(log.stream().anyMatch(l -> l.startsWith("answer 201") && l.contains(survivorId)),
                                    "the new session is on the surviving edge: " + log);
                            assertTrue(firstFrame - posted <= 3000, "plays within 3 s of its offer: " + (firstFrame - posted) + " ms");
                        }
                    }
                }

                // B-frames: re-encoded once on the edge; the broadcast says why; plays without freezes.
                try (BrowserPlayer bframes = BrowserPlayer.whep(tmp.resolve("bframes"), cli.gateway() + "/LiveApp/whep/t2", null)) {
                    playsSmoothly("a stream with B-frames", bframes, 640, 360, cli);
                }
                String note = OriginCluster.json(cli.gateway() + "/LiveApp/rest/v2/broadcasts/t2").path("webRTCVideo").asText();
                assertTrue(note.contains("B-frames"), "t2's webRTCVideo: " + note);
                assertEquals("as published", OriginCluster.json(cli.gateway() + "/LiveApp/rest/v2/broadcasts/t1").path("webRTCVideo").asText());

                // 2 % loss each way between the browser and the surviving edge: NACKs recover, no freeze over 20 s.
                try (LossyUdpRelay relay = new LossyUdpRelay(cli.edgeWebRtcPort() + survivor - 1, 0.02);
                     BrowserPlayer lossy = BrowserPlayer.whep(tmp.resolve("lossy"), "http://127.0.0.1:" + (cli.edgeHttpPort() + survivor - 1) + "/LiveApp/whep/t1",
                             relay.port())) {
                    awaitFrames("plays through the lossy relay", lossy, 30, cli, "edge-" + survivor);
                    Sample start = Sample.of(lossy);
                    int mark = lossy.reports();
                    await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(21)).until(() -> true);
                    Sample end = Sample.of(lossy);
                    JsonNode s = end.stats();
                    System.out.printf("[WebRtcPlayIT] 2%% loss: %d dropped of %d relayed; %.1f s played in 20 s; NACKs %d, lost %d, freezes %d, "
                                    + "longest frame gap %d ms in the 20 s%n", relay.dropped(), relay.relayed(), end.time() - start.time(),
                            s.path("nackCount").asInt(), s.path("videoPacketsLost").asInt(), s.path("freezeCount").asInt(), lossy.longestGapSince(mark));
                    assertTrue(relay.dropped() > 20, "the relay dropped packets");
                    assertTrue(s.path("nackCount").asInt() > 0, "the browser NACKed");
                    // The bound: no frame later than 500 ms (chromium's own freezeCount counts gaps from ~180 ms, printed above).
                    int gap = lossy.longestGapSince(mark);
                    assertTrue(gap <= 500, "longest gap between two frames in the 20 s " + gap + " ms");
                    assertTrue(end.time() - start.time() >= 18, "video time advanced " + (end.time() - start.time()) + " s in 20 s");
                }
                // webRTCViewerLimit 0 on t2: a new WHEP viewer is refused with 403 and the reason (the limit is checked
                // before the offer is read, so any body shows it).
                java.net.http.HttpResponse<String> put = OriginCluster.HTTP.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(cli.gateway() + "/LiveApp/rest/v2/broadcasts/t2")).header("Content-Type", "application/json")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"webRTCViewerLimit\":0}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, put.statusCode(), put.body());
                java.net.http.HttpRequest offer = java.net.http.HttpRequest.newBuilder(java.net.URI.create(cli.gateway() + "/LiveApp/whep/t2"))
                        .header("Content-Type", "application/sdp").POST(java.net.http.HttpRequest.BodyPublishers.ofString("v=0\r\n")).build();
                await("403 over webRTCViewerLimit").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    java.net.http.HttpResponse<String> r = OriginCluster.HTTP.send(offer, java.net.http.HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 403 && r.body().contains("WebRTC viewer limit of 0");
                });
                assertTrue(t1.process.isAlive() && t2.process.isAlive(), "the publishers kept publishing");
            }
        } finally {
            cli.run("bin/braid down");
        }
    }

    /**
     * Waits for the page to play, then over 10 s: video time advances at least 8 s, at the stream's size, audio and
     * video frames are decoded, and no frame is late by more than 500 ms since playing began (no freeze longer than
     * 500 ms; chromium's own {@code freezeCount}, which counts shorter ones, is printed).
     */
    private static void playsSmoothly(String what, BrowserPlayer viewer, int width, int height, BraidCli cli) {
        awaitFrames(what + ": first frames", viewer, 60, cli, "gateway-1", "edge-1", "edge-2");
        Sample start = Sample.of(viewer);
        int mark = viewer.reports();
        await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(11)).until(() -> true);
        Sample end = Sample.of(viewer);
        JsonNode s = end.stats();
        int gap = viewer.longestGapSince(mark);
        // Audio played in the window that the decoder made (the rest is concealment: lost or late packets)
        long audioSamples = s.path("audioSamplesReceived").asLong() - start.stats().path("audioSamplesReceived").asLong();
        long audioConcealed = s.path("audioConcealed").asLong() - start.stats().path("audioConcealed").asLong();
        System.out.printf("[WebRtcPlayIT] %s: %.1f s played in 10 s, %dx%d, %d frames decoded (%d dropped), audio %.2f s (%.1f %% concealed), freezes %d, "
                        + "longest frame gap %d ms in the window (%d ms since the first frame), jitter buffer %.0f ms; %s%n", what, end.time() - start.time(), s.path("frameWidth").asInt(),
                s.path("frameHeight").asInt(), s.path("framesDecoded").asInt(), s.path("framesDropped").asInt(), audioSamples / 48_000.0,
                100.0 * audioConcealed / Math.max(1, audioSamples), s.path("freezeCount").asInt(), gap, s.path("maxGapMs").asInt(),
                1000 * s.path("jitterBufferDelay").asDouble() / Math.max(1, s.path("jitterBufferEmittedCount").asDouble()), viewer.progress().errors());
        assertTrue(end.time() - start.time() >= 8, what + ": video time advanced " + (end.time() - start.time()) + " s in 10 s");
        assertEquals(width, s.path("frameWidth").asInt(), what + ": width");
        assertEquals(height, s.path("frameHeight").asInt(), what + ": height");
        assertTrue(s.path("framesDecoded").asInt() - start.stats().path("framesDecoded").asInt() > 200, what + ": video frames decoded");
        assertTrue(audioSamples - audioConcealed > 48_000 * 8, what + ": audio decoded " + (audioSamples - audioConcealed) + " of " + audioSamples + " samples");
        assertTrue(gap <= 500, what + ": longest gap between two frames in the window " + gap + " ms");
    }

    /**
     * Waits up to 20 s for the page to have presented more than {@code frames} frames; if it does not, the failure
     * says what the page saw and ends with the named nodes' logs, so a failure on CI explains itself.
     */
    private static void awaitFrames(String what, BrowserPlayer viewer, int frames, BraidCli cli, String... logs) {
        try {
            await(what).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> viewer.stats().path("presented").asInt() > frames);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder why = new StringBuilder(what + ": no more than " + frames + " frames in 20 s; " + viewer.describe());
            for (String log : logs) {
                why.append('\n').append(cli.logTail(log, 40));
            }
            throw new AssertionError(why.toString(), e);
        }
    }

    /** The node id in the page's WHEP session Location. */
    private static String edgeOf(BrowserPlayer viewer) {
        Optional<String> answer = viewer.progress().errors().stream().filter(l -> l.startsWith("answer 201")).findFirst();
        assertTrue(answer.isPresent(), "no WHEP answer: " + viewer.progress().errors());
        String location = answer.get().substring(answer.get().lastIndexOf(' ') + 1);
        return location.substring(location.lastIndexOf('/') + 1, location.indexOf('~'));
    }

    private static long at(List<String> log, String prefix) {
        return log.stream().filter(l -> l.startsWith(prefix)).map(l -> Long.parseLong(l.substring(prefix.length()).trim().split(" ")[0]))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + prefix + "' in " + log));
    }

    private static int rtmpPlayersOnTheOrigin(BraidCli cli) throws Exception {
        return OriginCluster.json("http://127.0.0.1:" + cli.originHttpPort + "/rest/v2/system-resources-info").path("localRTMPViewers").asInt();
    }
}
