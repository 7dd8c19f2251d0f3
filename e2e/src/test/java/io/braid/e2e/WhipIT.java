package io.braid.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WHIP ingest end to end: FFmpeg 8's WHIP muxer (bytedeco's binary, an independent RFC 9725 client) publishes
 * H.264 and Opus through the gateway to an origin; Debian's ffprobe reads the HLS the origin makes of it (H.264 and
 * the Opus made AAC) through the gateway and, once ended, in full from the origin; the publishing rules answer
 * with their statuses.
 */
class WhipIT {
    static final int SECONDS = 10;

    @TempDir
    Path dir;

    @Test
    void ffmpegPublishesOverWhipAndTheStreamPlaysAsHls() throws Exception {
        try (OriginCluster cluster = OriginCluster.start(dir)) {
            OriginCluster.Origin origin = cluster.addOrigin("origin-whip", Map.of("server.cpu_limit", "100"));
            io.braid.testkit.ServiceProcess edge = cluster.addEdge("edge-1");
            OriginCluster.Gateway gateway = cluster.addGateway("gateway-1");
            for (io.braid.testkit.ServiceProcess p : List.of(origin.process(), edge, gateway.process())) {
                OriginCluster.await(p.name() + " ready", Duration.ofSeconds(90), p::ready);
            }
            String registry = cluster.registry.baseUrl();
            // Every segment kept in the playlist, so that the ended stream's HLS can be measured whole.
            assertEquals(200, OriginCluster.post(registry + "/rest/v2/applications/WhipApp", "").statusCode());
            assertEquals(200, OriginCluster.post(registry + "/rest/v2/applications/settings/WhipApp", "{\"hlsListSize\":100}").statusCode());
            String endpoint = gateway.process().baseUrl() + "/WhipApp/whip/w1";
            OriginCluster.await("the gateway routes WHIP to the origin", Duration.ofSeconds(30),
                    () -> send("OPTIONS", endpoint, null, null).statusCode() == 204);

            Ffmpeg publisher = Ffmpeg.startBundled(dir, "whip-w1", "-v", "info", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", String.valueOf(SECONDS), "-c:v", "libx264",
                    "-preset", "ultrafast", "-tune", "zerolatency", "-bf", "0", "-g", "30", "-pix_fmt", "yuv420p", "-b:v", "800k",
                    "-c:a", "libopus", "-ac", "2", "-ar", "48000", "-f", "whip", "-authorization", "e2e-token", endpoint);
            try {
                OriginCluster.await("w1 live as WebRTC", Duration.ofSeconds(20), () -> "WebRTC".equals(
                        OriginCluster.poll(registry + "/WhipApp/rest/v2/broadcasts/w1").path("publishType").asText()));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + publisher.output() + "\n" + origin.process().logTail(40), e);
            }

            // While live: plays through the gateway (an edge) as H.264 and AAC; a second publisher of w1 is told 409.
            String[] codecs = {""};
            OriginCluster.await("w1 through the gateway", Duration.ofSeconds(15), () -> {
                codecs[0] = Ffmpeg.shell(Ffmpeg.codecsCommand(gateway.process().baseUrl() + "/WhipApp/streams/w1.m3u8"));
                return codecs[0].contains("aac") && codecs[0].contains("h264");
            });
            HttpResponse<String> duplicate = send("POST", endpoint, "application/sdp", OFFER);
            assertEquals(409, duplicate.statusCode(), duplicate.body());

            assertEquals(0, publisher.await(60), publisher.output());
            // FFmpeg DELETEs its session at the end: the stream ends at once, not after the media timeout.
            OriginCluster.await("w1 ended", Duration.ofSeconds(8), () -> !"broadcasting".equals(
                    OriginCluster.poll(registry + "/WhipApp/rest/v2/broadcasts/w1").path("status").asText()));
            String probe = Ffmpeg.shell("timeout 30 ffprobe -v error -show_entries stream=codec_name,sample_rate:format=duration -of default=nw=1 "
                    + origin.http("/WhipApp/streams/w1.m3u8") + " 2>&1");
            double duration = Double.parseDouble(probe.replaceAll("(?s).*duration=([0-9.]+).*", "$1"));
            System.out.printf("WHIP w1: %d s published, HLS %.2f s; %s; origin: %s%n", SECONDS, duration, probe.replace('\n', ' '),
                    origin.process().logTail(60).lines().filter(l -> l.contains("RTP packets")).findFirst().orElse("(no end line)"));
            assertTrue(probe.contains("codec_name=h264") && probe.contains("codec_name=aac") && probe.contains("sample_rate=48000"), probe);
            assertTrue(Math.abs(duration - SECONDS) <= SECONDS * 0.05, "HLS of " + duration + " s for " + SECONDS + " s published: " + probe
                    + "\n" + origin.process().logTail(30) + "\n" + publisher.output());

            // The publishing rules, each with its status and a reason; none leaves a claim behind.
            assertStatus(404, send("POST", gateway.process().baseUrl() + "/NoSuchApp/whip/x", "application/sdp", OFFER), "NoSuchApp");
            assertStatus(415, send("POST", endpoint, "text/plain", OFFER), "application/sdp");
            assertStatus(400, send("POST", endpoint, "application/sdp", "v=0\r\nm=garbage\r\n"), "");
            assertStatus(400, send("POST", endpoint, "application/sdp", OFFER.replace("H264/90000", "VP8/90000")), "vp8 only");
            assertStatus(403, send("POST", gateway.process().baseUrl() + "/WhipApp/whip/w1_720p2000kbps", "application/sdp", OFFER), "rendition");
            HttpResponse<String> again = send("POST", endpoint, "application/sdp", OFFER);
            assertEquals(201, again.statusCode(), "refused offers released their claim: " + again.body());
            String location = again.headers().firstValue("Location").orElseThrow();
            assertTrue(location.matches("/WhipApp/whip/w1/[A-Za-z0-9_.:-]+~[0-9a-f]{32}"), location);
            assertTrue(again.headers().firstValue("ETag").isPresent() && again.body().contains("a=ice-lite"), again.body());
            assertEquals(200, send("DELETE", gateway.process().baseUrl() + location, null, null).statusCode());
            assertEquals(404, send("DELETE", gateway.process().baseUrl() + location, null, null).statusCode(), "a session ends once");
            assertTrue(OriginCluster.get(origin.http("/q/metrics")).body().contains("braid_origin_whip_sessions"));
        }
    }

    /** An offer as FFmpeg 8 makes it (H.264 and Opus, DTLS passive), for the refusals. */
    static final String OFFER = String.join("\r\n", "v=0", "o=FFmpeg 4489045141692799359 2 IN IP4 127.0.0.1", "s=FFmpegPublishSession", "t=0 0",
            "a=group:BUNDLE 0 1", "a=extmap-allow-mixed", "a=msid-semantic: WMS",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=ice-ufrag:a1b2c3d4", "a=ice-pwd:0123456789abcdef0123456789abcdef",
            "a=fingerprint:sha-256 9E:2F:7C:3B:8D:1A:55:6E:0F:4C:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45",
            "a=setup:passive", "a=mid:0", "a=sendonly", "a=msid:FFmpeg audio", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", "a=ssrc:1001 cname:FFmpeg",
            "m=video 9 UDP/TLS/RTP/SAVPF 106", "c=IN IP4 0.0.0.0", "a=ice-ufrag:a1b2c3d4", "a=ice-pwd:0123456789abcdef0123456789abcdef",
            "a=fingerprint:sha-256 9E:2F:7C:3B:8D:1A:55:6E:0F:4C:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45",
            "a=setup:passive", "a=mid:1", "a=sendonly", "a=msid:FFmpeg video", "a=rtcp-mux", "a=rtcp-rsize", "a=rtpmap:106 H264/90000",
            "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", "a=rtcp-fb:106 nack", "a=ssrc:1002 cname:FFmpeg", "");

    static void assertStatus(int status, HttpResponse<String> response, String mentions) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains(mentions), "the reason says why: " + response.body());
    }

    static HttpResponse<String> send(String method, String url, String type, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        try {
            return OriginCluster.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
