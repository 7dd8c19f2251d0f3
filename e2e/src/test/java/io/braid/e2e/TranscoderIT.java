package io.braid.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.core.event.Topics;
import io.braid.testkit.EventCollector;
import io.braid.testkit.ServiceProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ABR ladder end to end: registry, origin, edge, gateway and two transcoders as packaged processes; the ladder
 * set through the gateway's REST API; ffmpeg publishing 1280x720; ffprobe reading the renditions; one transcoder
 * killed mid-stream, then the next one asked to leave (SIGTERM), handing its job to a third at once.
 */
class TranscoderIT {
    private static final String LADDER = """
            {"encoderSettings":[{"height":480,"videoBitrate":800000,"audioBitrate":96000},
                                {"height":240,"videoBitrate":300000,"audioBitrate":64000}]}""";
    private static final String R480 = "t1_480p800kbps";
    private static final String R240 = "t1_240p300kbps";

    @TempDir
    Path dir;

    @Test
    void ladderAlignedRenditionsAndFailover() throws Exception {
        try (OriginCluster cluster = OriginCluster.start(dir)) {
            OriginCluster.Origin origin = cluster.addOrigin("origin-1", Map.of("server.cpu_limit", "100"));
            ServiceProcess edge = cluster.addEdge("edge-1");
            ServiceProcess t1 = cluster.addTranscoder("transcoder-1");
            ServiceProcess t2 = cluster.addTranscoder("transcoder-2");
            OriginCluster.Gateway gateway = cluster.addGateway("gateway-1");
            for (ServiceProcess p : List.of(origin.process(), edge, t1, t2, gateway.process())) {
                OriginCluster.await(p.name() + " ready", Duration.ofSeconds(90), p::ready);
            }
            OriginCluster.await("gateway sees 2 transcoders", Duration.ofSeconds(30), () -> {
                JsonNode nodes = OriginCluster.poll(gateway.process().baseUrl() + "/rest/v2/cluster-nodes");
                int n = 0;
                for (JsonNode node : nodes) {
                    n += "transcoder".equals(node.path("role").asText()) && "ALIVE".equals(node.path("status").asText()) ? 1 : 0;
                }
                return n == 2;
            });
            // The ladder, set at run time through the gateway, applies to the next publish.
            HttpResponse<String> set = OriginCluster.post(gateway.process().baseUrl() + "/rest/v2/applications/settings/LiveApp", LADDER);
            assertEquals(200, set.statusCode(), set.body());

            AtomicReference<ServiceProcess> survivor = new AtomicReference<>();
            long publishStart = System.nanoTime();
            try (EventCollector streamEvents = new EventCollector(cluster.kafka.bootstrapServers(), Topics.STREAM_EVENTS);
                    Ffmpeg publisher = Ffmpeg.publishTestPattern(dir, "publish-t1", 90, "1280x720", origin.rtmp("LiveApp", "t1"))) {
                String masterUrl = origin.http("/LiveApp/streams/t1_adaptive.m3u8");
                try {
                    OriginCluster.await("the master lists the source and both renditions", Duration.ofSeconds(10),
                            () -> variants(masterUrl).containsAll(List.of("t1.m3u8", R480 + ".m3u8", R240 + ".m3u8")));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; master: " + variants(masterUrl) + "\n" + t1.logTail(15) + "\n" + t2.logTail(15)
                            + "\n" + origin.process().logTail(15), e);
                }
                double listedAfter = (System.nanoTime() - publishStart) / 1e9;
                String master = OriginCluster.get(masterUrl).body();
                assertTrue(master.contains("RESOLUTION=854x480") && master.contains("RESOLUTION=426x240") && master.contains("RESOLUTION=1280x720"), master);
                assertTrue(master.contains("AVERAGE-BANDWIDTH=") && master.contains("CODECS=\"avc1.") && master.contains("FRAME-RATE=30.000"), master);
                OriginCluster.await("the master through the edge", Duration.ofSeconds(10),
                        () -> variants(edge.baseUrl() + "/LiveApp/streams/t1_adaptive.m3u8").size() == 3);
                System.out.printf("master listed the source and both renditions %.1f s after the publish started%n", listedAfter);
                OriginCluster.await("rendition_started events", Duration.ofSeconds(10), () -> streamEvents.events().stream()
                        .filter(e -> "rendition_started".equals(e.path("type").asText()) && "t1".equals(e.path("streamId").asText()))
                        .map(e -> e.path("rendition").asText() + "@" + e.path("height").asInt()).toList()
                        .containsAll(List.of(R480 + "@480", R240 + "@240")));

                // Outsiders cannot publish under a rendition's name: the origin wants the cluster's internal key.
                try (Ffmpeg forger = Ffmpeg.publishTestPattern(dir, "forger", 5, "320x180", origin.rtmp("LiveApp", "t1_180p100kbps"))) {
                    assertTrue(forger.await(20) != 0, "a rendition publish without the internal key must be refused");
                }
                assertTrue(origin.process().logTail(200).contains("renditionRefused: t1_180p100kbps is a rendition name"), origin.process().logTail(20));

                // Exactly one transcoder runs the job; it says why it encodes with libx264.
                ServiceProcess running = runnerOf(t1, t2);
                ServiceProcess spare = running == t1 ? t2 : t1;
                assertEquals(0, jobs(spare).size(), "the job must run on exactly one transcoder");
                JsonNode job = jobs(running).get(0);
                if (!Files.exists(Path.of("/dev/nvidiactl"))) {
                    assertEquals("libx264", job.path("videoEncoder").asText());
                    assertTrue(job.path("fallbackReason").asText().contains("no NVIDIA GPU found"), job.toString());
                    assertTrue(running.logTail(200).contains("encodes with libx264 (decoding with h264): no NVIDIA GPU found"), running.logTail(40));
                }

                // Renditions: the right height, the target bitrate, the source's segment numbers and durations.
                OriginCluster.await("4 rendition segments", Duration.ofSeconds(20),
                        () -> Playlist.fetch(origin.http("/LiveApp/streams/" + R240 + ".m3u8")).segments().size() >= 4);
                for (String[] r : new String[][] {{R480, "480", "800000"}, {R240, "240", "300000"}}) {
                    Path ts = download(origin, r[0], 4);
                    String stream = probe("-select_streams", "v:0", "-show_entries", "stream=codec_name,height", "-of", "csv=p=0", ts.toString()).trim().split("\n")[0].trim();
                    assertEquals("h264," + r[1], stream, r[0]);
                    double bitrate = videoBitrate(ts);
                    double target = Double.parseDouble(r[2]);
                    System.out.printf("%s: average video bitrate %.0f bit/s (target %.0f)%n", r[0], bitrate, target);
                    assertTrue(Math.abs(bitrate - target) / target <= 0.25, r[0] + " video bitrate " + bitrate + " vs " + target);
                    assertAligned(origin, r[0]);
                }

                // The transcoder running the job dies: the other one produces the renditions again within 20 s.
                long lastBefore = Playlist.fetch(origin.http("/LiveApp/streams/" + R480 + ".m3u8")).lastSequence();
                running.kill();
                long killedAt = System.nanoTime();
                OriginCluster.await("the spare transcoder produces new rendition segments", Duration.ofSeconds(20), () ->
                        Playlist.fetch(origin.http("/LiveApp/streams/" + R480 + ".m3u8")).lastSequence() > lastBefore + 1
                                && !Playlist.fetch(origin.http("/LiveApp/streams/" + R480 + ".m3u8")).ended()
                                && Playlist.fetch(origin.http("/LiveApp/streams/" + R240 + ".m3u8")).lastSequence() > lastBefore + 1);
                double killGap = (System.nanoTime() - killedAt) / 1e9;
                System.out.printf("renditions back %.1f s after their transcoder was killed%n", killGap);
                assertEquals(1, jobs(spare).size(), "the spare transcoder took the job");
                OriginCluster.await("3 segments from the spare", Duration.ofSeconds(15),
                        () -> Playlist.fetch(origin.http("/LiveApp/streams/" + R240 + ".m3u8")).segments().size() >= 3);
                assertAligned(origin, R240);

                // A planned leave (SIGTERM) hands the job back at once: a new transcoder takes it without waiting for
                // the lease to expire, so the gap is far shorter than after the kill.
                ServiceProcess t3 = cluster.addTranscoder("transcoder-3");
                OriginCluster.await("transcoder-3 ready", Duration.ofSeconds(90), t3::ready);
                long leftAt = System.nanoTime();
                Thread leaving = Thread.ofPlatform().start(spare::close); // SIGTERM, then waits for the process to end
                // The leaving one goes on for its leave delay (3 s), then hands the job back.
                OriginCluster.await("transcoder-3 takes the job handed back", Duration.ofSeconds(10), () -> jobs(t3).size() == 1);
                long takenOver = Playlist.fetch(origin.http("/LiveApp/streams/" + R480 + ".m3u8")).lastSequence();
                OriginCluster.await("transcoder-3 produces new rendition segments", Duration.ofSeconds(10), () ->
                        Playlist.fetch(origin.http("/LiveApp/streams/" + R480 + ".m3u8")).lastSequence() > takenOver + 1
                                && !Playlist.fetch(origin.http("/LiveApp/streams/" + R480 + ".m3u8")).ended());
                System.out.printf("renditions from the next transcoder %.1f s after theirs was asked to leave (a kill: %.1f s)%n",
                        (System.nanoTime() - leftAt) / 1e9, killGap);
                leaving.join(30_000);
                survivor.set(t3);
                publisher.close();
            }
            // The source ends: so do the renditions (their playlists get ENDLIST) and the job.
            OriginCluster.await("renditions end with their source", Duration.ofSeconds(15), () ->
                    Playlist.fetch(origin.http("/LiveApp/streams/" + R480 + ".m3u8")).ended()
                            && Playlist.fetch(origin.http("/LiveApp/streams/" + R240 + ".m3u8")).ended());
            OriginCluster.await("the job ends", Duration.ofSeconds(15), () -> jobsOrNull(survivor.get()) != null && jobsOrNull(survivor.get()).isEmpty());
        }
    }

    /** Every rendition segment also in the source's playlist has the source's duration, within one frame at 30 fps. */
    private static void assertAligned(OriginCluster.Origin origin, String rendition) {
        Playlist source = Playlist.fetch(origin.http("/LiveApp/streams/t1.m3u8"));
        Playlist r = Playlist.fetch(origin.http("/LiveApp/streams/" + rendition + ".m3u8"));
        int compared = 0;
        for (Map.Entry<Long, Double> e : r.segments().entrySet()) {
            Double sourceDuration = source.segments().get(e.getKey());
            if (sourceDuration != null && e.getKey() < source.lastSequence()) {
                assertEquals(sourceDuration, e.getValue(), 0.034, rendition + " segment " + e.getKey());
                compared++;
            }
        }
        assertTrue(compared >= 2, rendition + " shares no finished segment numbers with its source: " + r.segments() + " vs " + source.segments());
    }

    /** The variant URIs a multivariant playlist lists, without their queries. */
    private static List<String> variants(String masterUrl) {
        return Playlist.variants(masterUrl).stream().map(uri -> uri.replaceAll("\\?.*", "")).toList();
    }

    private static ServiceProcess runnerOf(ServiceProcess a, ServiceProcess b) throws InterruptedException {
        ServiceProcess[] found = new ServiceProcess[1];
        OriginCluster.await("a transcoder runs the job", Duration.ofSeconds(10), () -> {
            for (ServiceProcess t : List.of(a, b)) {
                JsonNode jobs = jobsOrNull(t);
                if (jobs != null && jobs.size() == 1) {
                    found[0] = t;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static JsonNode jobs(ServiceProcess transcoder) {
        JsonNode jobs = jobsOrNull(transcoder);
        if (jobs == null) {
            throw new AssertionError(transcoder.name() + " does not answer");
        }
        return jobs;
    }

    private static JsonNode jobsOrNull(ServiceProcess transcoder) {
        JsonNode doc = OriginCluster.poll(transcoder.baseUrl() + "/rest/v2/transcoder/jobs");
        return doc.has("transcodeJobs") ? doc.get("transcodeJobs") : null;
    }

    /** The newest {@code count} finished segments of a rendition, concatenated into one MPEG-TS file. */
    private Path download(OriginCluster.Origin origin, String rendition, int count) throws IOException, InterruptedException {
        Playlist p = Playlist.fetch(origin.http("/LiveApp/streams/" + rendition + ".m3u8"));
        List<String> names = p.names().subList(Math.max(0, p.names().size() - count - 1), p.names().size() - 1);
        Path file = dir.resolve(rendition + ".ts");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (String name : names) {
                HttpResponse<byte[]> r = OriginCluster.HTTP.send(HttpRequest.newBuilder(URI.create(origin.http("/LiveApp/streams/" + name)))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, r.statusCode(), name);
                out.write(r.body());
            }
        }
        return file;
    }

    private static double videoBitrate(Path ts) throws IOException, InterruptedException {
        long bytes = 0;
        double first = Double.MAX_VALUE;
        double last = 0;
        int frames = 0;
        for (String line : probe("-select_streams", "v:0", "-show_entries", "packet=pts_time,size", "-of", "csv=p=0", ts.toString()).split("\n")) {
            String[] f = line.trim().split(",");
            if (f.length >= 2 && !f[0].isEmpty()) {
                double t = Double.parseDouble(f[0]);
                first = Math.min(first, t);
                last = Math.max(last, t);
                bytes += Long.parseLong(f[1]);
                frames++;
            }
        }
        double seconds = (last - first) * frames / Math.max(1, frames - 1);
        return bytes * 8 / seconds;
    }

    private static String probe(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffprobe failed: " + command);
        }
        return out;
    }
}
