package io.braid.e2e;

import static io.braid.e2e.OriginCluster.await;
import static io.braid.e2e.OriginCluster.get;
import static io.braid.e2e.OriginCluster.json;
import static io.braid.e2e.OriginCluster.poll;
import static io.braid.e2e.OriginCluster.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.core.event.Topics;
import io.braid.media.Samples;
import io.braid.testkit.EventCollector;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The origin's acceptance, end to end: packaged registry and origins as processes, a real Kafka broker, the
 * MongoDB-wire server, and Debian's ffmpeg/ffprobe as publisher and players.
 */
class OriginIT {
    @TempDir
    static Path dir;
    static OriginCluster cluster;
    static OriginCluster.Origin origin;
    static OriginCluster.Origin second;
    static OriginCluster.Origin overloaded;

    @BeforeAll
    static void start() {
        cluster = OriginCluster.start(dir);
        // All nodes and the ffmpeg clients share this machine's cores, so the CPU figure is the whole test's, not
        // one origin's: only origin-b keeps a limit (the one under test).
        origin = cluster.addOrigin("origin-a", Map.of("server.cpu_limit", "100"));
        second = cluster.addOrigin("origin-c", Map.of("server.cpu_limit", "100"));
        // No warm-up: this origin is to refuse on CPU from its first publish (an idle node that just started would not).
        overloaded = cluster.addOrigin("origin-b", Map.of("server.cpu_limit", "10", "braid.node.warm-up", "0s"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void rtmpPublishBecomesHlsAndCanBePlayedBackOverRtmp() throws Exception {
        String registry = cluster.registry.baseUrl();
        assertEquals(200, post(registry + "/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"t1\",\"name\":\"acceptance\"}").statusCode());
        String playlistUrl = origin.http("/LiveApp/streams/t1.m3u8");
        TreeMap<Long, Double> seen = new TreeMap<>();
        try (EventCollector segmentEvents = new EventCollector(cluster.kafka.bootstrapServers(), Topics.MEDIA_SEGMENTS);
             Ffmpeg publisher = Ffmpeg.publishTestPattern(dir, "t1-publish", 20, "1280x720", origin.rtmp("LiveApp", "t1"))) {
            try {
                await("two segments in the playlist", Duration.ofSeconds(15), () -> Playlist.fetch(playlistUrl).segments().size() >= 2);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\npublisher: " + publisher.output() + "\norigin: " + origin.process().logTail(30)
                        + "\nplaylist: " + get(playlistUrl).body(), e);
            }

            String probe = Samples.run(dir, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", playlistUrl);
            assertTrue(probe.contains("h264,1280,720"), probe);
            assertTrue(probe.contains("aac"), probe);

            HttpResponse<String> m3u8 = get(playlistUrl);
            assertEquals("application/vnd.apple.mpegurl", m3u8.headers().firstValue("Content-Type").orElse(""));
            assertEquals("public, max-age=1", m3u8.headers().firstValue("Cache-Control").orElse(""));
            HttpResponse<String> ts = get(origin.http("/LiveApp/streams/" + Playlist.parse(m3u8.body()).names().getFirst()));
            assertEquals("video/mp2t", ts.headers().firstValue("Content-Type").orElse(""));
            assertTrue(ts.headers().firstValue("Cache-Control").orElse("").contains("immutable"));

            JsonNode broadcast = json(registry + "/LiveApp/rest/v2/broadcasts/t1");
            assertEquals("broadcasting", broadcast.path("status").asText());
            assertEquals("127.0.0.1", broadcast.path("originAdress").asText());
            await("codecs reported", Duration.ofSeconds(5), () -> poll(registry + "/LiveApp/rest/v2/broadcasts/t1").path("height").asInt() == 720);
            broadcast = json(registry + "/LiveApp/rest/v2/broadcasts/t1");
            assertEquals(1280, broadcast.path("width").asInt());
            assertEquals("h264", broadcast.path("videoCodec").asText());
            assertEquals("aac", broadcast.path("audioCodec").asText());
            JsonNode resources = json(origin.http("/rest/v2/system-resources-info"));
            assertEquals(1, resources.path("localLiveStreams").asInt());
            assertEquals(1, resources.path("totalLiveStreamSize").asInt());

            try (Ffmpeg player = Ffmpeg.start(dir, "t1-rtmp-play", "-v", "info", "-i", origin.rtmp("LiveApp", "t1"), "-t", "5", "-f", "null", "-")) {
                assertEquals(0, player.await(30), player.output());
                String out = player.output();
                assertTrue(out.contains("Video: h264") && out.contains("1280x720"), out);
                assertTrue(out.contains("Audio: aac"), out);
                Matcher frames = Pattern.compile("frame=\\s*(\\d+)").matcher(out);
                int last = 0;
                while (frames.find()) {
                    last = Integer.parseInt(frames.group(1));
                }
                assertTrue(last >= 120, "5 s of 30 fps video received over RTMP play, got " + last + " frames");
            }

            while (publisher.process.isAlive()) {
                seen.putAll(Playlist.fetch(playlistUrl).segments());
                Thread.sleep(500);
            }
            assertEquals(0, publisher.await(5), publisher.output());
            await("broadcast finished", Duration.ofSeconds(10), () -> "finished".equals(poll(registry + "/LiveApp/rest/v2/broadcasts/t1").path("status").asText()));
            Playlist end = Playlist.fetch(playlistUrl);
            assertTrue(end.ended(), "playlist ends with EXT-X-ENDLIST");
            seen.putAll(end.segments());
            await("one segment_ready per segment", Duration.ofSeconds(10), () -> segmentEvents.events().stream()
                    .filter(e -> "t1".equals(e.path("streamId").asText())).count() == seen.size());
            JsonNode event = segmentEvents.events().getFirst();
            assertEquals("segment_ready", event.path("type").asText());
            assertTrue(event.path("url").asText().startsWith("/LiveApp/streams/t1"), event.toString());
        }

        List<Long> sequences = new ArrayList<>(seen.keySet());
        for (int i = 1; i < sequences.size(); i++) {
            assertEquals(sequences.get(i - 1) + 1, sequences.get(i), "no gaps in media sequence numbers: " + sequences);
        }
        double total = 0;
        List<Double> durations = new ArrayList<>(seen.values());
        for (int i = 0; i < durations.size(); i++) {
            total += durations.get(i);
            if (i < durations.size() - 1) {
                assertTrue(durations.get(i) >= 1.5 && durations.get(i) <= 4.0, "segment durations 1.5-4 s: " + durations);
            }
        }
        System.out.printf("t1: %d segments, %.3f s of HLS for a 20 s publish: %s%n", durations.size(), total, durations);
        assertEquals(20.0, total, 1.0, "total HLS duration within 5% of 20 s");
    }

    @Test
    void overloadedOriginRefusesWithHighResourceUsageAndCreatesNothing() throws Exception {
        try (CpuLoad load = new CpuLoad()) {
            await("origin-b sees CPU at 10% or more", Duration.ofSeconds(20),
                    () -> poll(overloaded.http("/rest/v2/system-resources-info")).path("cpuUsage").path("systemCPULoad").asInt() >= 10);
            try (Ffmpeg publisher = Ffmpeg.publishTestPattern(dir, "overload-publish", 3, "320x240", overloaded.rtmp("LiveApp", "overload"))) {
                assertNotEquals(0, publisher.await(30), "publish refused");
                assertTrue(publisher.output().contains("highResourceUsage"), publisher.output());
            }
        }
        assertEquals(404, get(cluster.registry.baseUrl() + "/LiveApp/rest/v2/broadcasts/overload").statusCode(), "no broadcast created");
        assertTrue(get(overloaded.http("/q/metrics")).body().contains("reason=\"highResourceUsage\""));
        assertEquals(404, get(overloaded.http("/LiveApp/streams/overload.m3u8")).statusCode());
    }

    @Test
    void badFileNamesGetA4xxWithAMessage() throws Exception {
        for (String path : new String[] {"/LiveApp/streams/..%2F..%2Fetc%2Fpasswd", "/LiveApp/streams/x.mp4", "/LiveApp/streams/nothing.m3u8",
            "/LiveApp/streams/nothing000000001.ts", "/Bad%24App/streams/x.m3u8", "/LiveApp/streams/" + "a".repeat(5000) + ".m3u8"}) {
            HttpResponse<String> r = get(origin.http(path));
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, path + " -> " + r.statusCode());
        }
        assertTrue(get(origin.http("/LiveApp/streams/nothing.m3u8")).body().contains("\"message\""));
        assertEquals(200, get(origin.http("/q/health/ready")).statusCode());
    }

    @Test
    void publishingRules() throws Exception {
        try (Ffmpeg unknownApp = Ffmpeg.publishTestPattern(dir, "unknown-app", 2, "320x240", origin.rtmp("NoSuchApp", "s"))) {
            assertNotEquals(0, unknownApp.await(30));
            assertTrue(unknownApp.output().contains("invalidApp"), unknownApp.output());
        }
        try (Ffmpeg badName = Ffmpeg.publishTestPattern(dir, "bad-name", 2, "320x240", origin.rtmp("LiveApp", "bad,name"))) {
            assertNotEquals(0, badName.await(30));
            assertTrue(badName.output().contains("invalidStreamName"), badName.output());
        }
        try (Ffmpeg first = Ffmpeg.publishTestPattern(dir, "dup-first", 12, "320x240", origin.rtmp("LiveApp", "dup"))) {
            await("dup live on origin-a", Duration.ofSeconds(10), () -> Playlist.fetch(origin.http("/LiveApp/streams/dup.m3u8")).segments().size() >= 1);
            try (Ffmpeg other = Ffmpeg.publishTestPattern(dir, "dup-second", 3, "320x240", second.rtmp("LiveApp", "dup"))) {
                assertNotEquals(0, other.await(30), "the same id on another ALIVE origin is refused");
                assertTrue(other.output().contains("streamIdInUse"), other.output());
            }
            assertEquals(0, first.await(30), "the first publisher is undisturbed: " + first.output());
        }
        // Once the first publish has ended, the id is free for any origin.
        try (Ffmpeg again = Ffmpeg.publishTestPattern(dir, "dup-again", 3, "320x240", second.rtmp("LiveApp", "dup"))) {
            assertEquals(0, again.await(30), again.output());
        }
    }
}
