package io.braid.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.testkit.FreePorts;
import io.braid.testkit.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WHIP from a browser: headless chromium publishes its fake camera and microphone from a plain RTCPeerConnection
 * page through the gateway; the origin's HLS of it plays with ffprobe (H.264 and the Opus made AAC), a second
 * chromium page plays the same stream over WHEP from an edge; then a second publish goes through a relay that drops
 * 2 % of the datagrams each way, and its HLS has every segment, numbered without a gap, no discontinuity, as long as
 * the publish.
 */
class WhipBrowserIT {
    /** How long the lossy publish runs once live. */
    static final int LOSSY_SECONDS = 24;

    @TempDir
    Path dir;

    @Test
    void chromiumPublishesOverWhipAndItPlaysAsHlsAndOverWhepAlsoThroughLoss() throws Exception {
        int whipPort = FreePorts.nextUdp();
        try (OriginCluster cluster = OriginCluster.start(dir)) {
            // A fixed WHIP port, so that the relay can be put in front of it before the answer names it.
            OriginCluster.Origin origin = cluster.addOrigin("origin-whip", Map.of("server.cpu_limit", "100",
                    "braid.whip.udp-port", String.valueOf(whipPort)));
            ServiceProcess edge = cluster.addEdge("edge-1");
            OriginCluster.Gateway gateway = cluster.addGateway("gateway-1");
            for (ServiceProcess p : List.of(origin.process(), edge, gateway.process())) {
                OriginCluster.await(p.name() + " ready", Duration.ofSeconds(90), p::ready);
            }
            String registry = cluster.registry.baseUrl();
            String gw = gateway.process().baseUrl();
            assertEquals(200, OriginCluster.post(registry + "/rest/v2/applications/BrowserApp", "").statusCode());
            assertEquals(200, OriginCluster.post(registry + "/rest/v2/applications/settings/BrowserApp", "{\"hlsListSize\":100}").statusCode());
            OriginCluster.await("the gateway routes WHIP to the origin", Duration.ofSeconds(30),
                    () -> WhipIT.send("OPTIONS", gw + "/BrowserApp/whip/c1", null, null).statusCode() == 204);

            try (BrowserPlayer publisher = BrowserPlayer.whipPublisher(dir.resolve("publish-c1"), gw + "/BrowserApp/whip/c1", null)) {
                awaitLive("c1", registry, publisher, origin);
                String[] codecs = {""};
                OriginCluster.await("c1's HLS through the gateway", Duration.ofSeconds(20), () -> {
                    codecs[0] = Ffmpeg.shell(Ffmpeg.codecsCommand(gw + "/BrowserApp/streams/c1.m3u8"));
                    return codecs[0].contains("aac") && codecs[0].contains("h264");
                });
                try (BrowserPlayer viewer = BrowserPlayer.whep(dir.resolve("whep-c1"), gw + "/BrowserApp/whep/c1", null)) {
                    try {
                        await("c1 plays over WHEP").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                                .until(() -> viewer.stats().path("presented").asInt() > 90 && viewer.stats().path("audioSamplesReceived").asLong() > 48_000);
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        throw new AssertionError("WHEP of c1: " + viewer.describe() + "\n" + edge.logTail(40), e);
                    }
                    JsonNode v = viewer.stats();
                    assertEquals(640, v.path("frameWidth").asInt(), "the viewer's width: " + v);
                    assertEquals(360, v.path("frameHeight").asInt(), "the viewer's height: " + v);
                    // The viewer hears chromium's own Opus: 20 ms packets as it sent them, 50 a second. The edge's
                    // encoder, had it transcoded the origin's AAC, makes 40 ms ones (braid.webrtc.opus-frame), 25 a second.
                    long t0 = System.nanoTime();
                    long p0 = v.path("audioPacketsReceived").asLong();
                    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
                    JsonNode later = viewer.stats();
                    double perSecond = (later.path("audioPacketsReceived").asLong() - p0) / ((System.nanoTime() - t0) / 1e9);
                    System.out.printf("[WhipBrowserIT] c1 over WHEP: %.1f Opus packets a second%n", perSecond);
                    assertTrue(perSecond > 40 && perSecond < 60, "chromium's 20 ms Opus packets reach the viewer as they were: " + perSecond + "/s; " + later);
                    assertTrue(edge.logTail(200).contains("own Opus, passed through untouched"), "the edge does not transcode the audio: " + edge.logTail(40));
                }
                // Chromium's send-side estimate is printed, not asserted: it follows what the encoder sends (about 1.5x
                // it while application-limited, and the fake camera's simple picture needs ~250 kb/s), so it ended at
                // 0.38 Mb/s in one full-suite run and at 0.8-3.8 Mb/s in others. TWCC's feedback is unit-tested.
                JsonNode s = publisher.stats();
                System.out.printf("[WhipBrowserIT] c1 from chromium: %s and %s, %dx%d, %d frames encoded, target %d kb/s, send-side estimate %d kb/s, "
                                + "%d PLIs received; %s%n", s.path("videoCodec").asText(), s.path("audioCodec").asText(), s.path("frameWidth").asInt(),
                        s.path("frameHeight").asInt(), s.path("framesEncoded").asInt(), s.path("targetBitrate").asLong() / 1000,
                        s.path("availableOutgoingBitrate").asLong() / 1000, s.path("pliCount").asInt(), codecs[0].replace('\n', ' '));
                assertEquals("video/H264", s.path("videoCodec").asText(), "chromium sends H.264: " + s);
                assertEquals("audio/opus", s.path("audioCodec").asText(), "chromium sends Opus: " + s);
                endSession("c1", gw, registry, publisher);
            }

            try (LossyUdpRelay relay = new LossyUdpRelay(whipPort, 0.02);
                 BrowserPlayer publisher = BrowserPlayer.whipPublisher(dir.resolve("publish-c2"), gw + "/BrowserApp/whip/c2", relay.port())) {
                awaitLive("c2", registry, publisher, origin);
                long liveAt = System.nanoTime();
                await().pollDelay(Duration.ofSeconds(LOSSY_SECONDS)).atMost(Duration.ofSeconds(LOSSY_SECONDS + 1)).until(() -> true);
                JsonNode live = OriginCluster.poll(registry + "/BrowserApp/rest/v2/broadcasts/c2");
                JsonNode s = publisher.stats();
                endSession("c2", gw, registry, publisher);
                double liveSeconds = (System.nanoTime() - liveAt) / 1e9;

                String text = OriginCluster.get(origin.http("/BrowserApp/streams/c2.m3u8")).body();
                Playlist playlist = Playlist.parse(text);
                double total = playlist.segments().values().stream().mapToDouble(Double::doubleValue).sum();
                String decode = Ffmpeg.shell("timeout 60 ffmpeg -v error -i " + origin.http("/BrowserApp/streams/c2.m3u8") + " -f null - 2>&1");
                long decodeErrors = decode.lines().filter(l -> !l.isBlank()).count();
                System.out.printf("[WhipBrowserIT] c2 through 2%% loss each way: relay dropped %d of %d; chromium: %d NACKs received, %d packets "
                                + "retransmitted, %d PLIs, target %d kb/s, send-side estimate %d kb/s; broadcast: packetsLost=%s packetLostRatio=%s jitterMs=%s "
                                + "rttMs=%s bitrate=%s; "
                                + "HLS: %d segments, %.2f s for %.2f s live, %s; decoder complaints %d%s%n",
                        relay.dropped(), relay.dropped() + relay.relayed(), s.path("nackCount").asInt(), s.path("retransmittedPacketsSent").asInt(),
                        s.path("pliCount").asInt(), s.path("targetBitrate").asLong() / 1000, s.path("availableOutgoingBitrate").asLong() / 1000,
                        live.path("packetsLost"),
                        live.path("packetLostRatio"), live.path("jitterMs"), live.path("rttMs"), live.path("bitrate"), playlist.names().size(), total, liveSeconds, playlist.segments().values(),
                        decodeErrors, decodeErrors == 0 ? "" : ": " + decode.lines().limit(5).toList());
                assertTrue(relay.dropped() > 20, "the relay dropped " + relay.dropped());
                assertTrue(s.path("nackCount").asInt() > 0 && s.path("retransmittedPacketsSent").asInt() > 0, "the origin NACKed, chromium resent: " + s);
                // The origin times its NACKs' answers: the broadcast has a round trip, beside the loss, jitter and bitrate.
                assertTrue(live.path("rttMs").isNumber() && live.path("bitrate").asLong() > 0, "link figures: " + live);
                assertTrue(playlist.ended(), "the ended publish's playlist ends: " + text);
                assertFalse(text.contains("#EXT-X-DISCONTINUITY"), "no discontinuity: " + text);
                // Media sequence numbers start from the clock (so a restarted stream never reuses one); the names carry them.
                List<Long> numbers = sequenceNumbers(playlist.names());
                assertEquals(playlist.segments().firstKey(), numbers.getFirst(), "the playlist starts at its first segment: " + text);
                assertEquals(consecutive(numbers.getFirst(), numbers.size()), numbers, "segments numbered without a gap: " + text);
                // Every segment but the last (cut short by the DELETE) spans about a keyframe interval (the origin asks for one every 2.5 s).
                List<Double> durations = List.copyOf(playlist.segments().values());
                assertTrue(durations.subList(0, durations.size() - 1).stream().allMatch(d -> d > 1 && d < 6), "segments of 1 to 6 s: " + text);
                assertTrue(Math.abs(total - liveSeconds) <= liveSeconds * 0.1, "HLS of " + total + " s for " + liveSeconds + " s live: " + text);
            }
        }
    }

    /** Waits for the stream to be live as WebRTC; a failure says what the page and the origin saw. */
    private static void awaitLive(String id, String registry, BrowserPlayer publisher, OriginCluster.Origin origin) throws InterruptedException {
        try {
            OriginCluster.await(id + " live as WebRTC", Duration.ofSeconds(30), () -> "WebRTC".equals(
                    OriginCluster.poll(registry + "/BrowserApp/rest/v2/broadcasts/" + id).path("publishType").asText()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + publisher.describe() + "\n" + origin.process().logTail(40), e);
        }
    }

    /** DELETE on the session's Location (the page's 201 names it), as a broadcaster's page does on stop; the stream ends at once. */
    private static void endSession(String id, String gw, String registry, BrowserPlayer publisher) throws InterruptedException {
        String answer = publisher.progress().errors().stream().filter(l -> l.startsWith("answer 201")).findFirst()
                .orElseThrow(() -> new AssertionError("no 201 for " + id + ": " + publisher.progress().errors()));
        String location = answer.substring(answer.lastIndexOf(' ') + 1);
        assertEquals(200, WhipIT.send("DELETE", gw + location, null, null).statusCode(), location);
        OriginCluster.await(id + " ended", Duration.ofSeconds(8), () -> !"broadcasting".equals(
                OriginCluster.poll(registry + "/BrowserApp/rest/v2/broadcasts/" + id).path("status").asText()));
    }

    private static List<Long> sequenceNumbers(List<String> names) {
        List<Long> numbers = new ArrayList<>();
        for (String name : names) {
            numbers.add(Long.parseLong(name.replaceAll(".*(\\d{9})\\.ts$", "$1")));
        }
        return numbers;
    }

    private static List<Long> consecutive(long first, int n) {
        List<Long> numbers = new ArrayList<>();
        for (long i = first; i < first + n; i++) {
            numbers.add(i);
        }
        return numbers;
    }
}
