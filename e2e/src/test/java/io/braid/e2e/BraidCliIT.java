package io.braid.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/braid} as a newcomer uses it, on free ports and a temporary state directory: the seed's monitoring
 * pipeline prints one line per node, ffmpeg publishes to the origin and the HLS playlist appears, and a broadcast
 * created before {@code down} is there after {@code up}.
 */
class BraidCliIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theGatewayFrontsTheClusterAndMetadataSurvivesDownUp(@TempDir Path home) throws Exception {
        int http = FreePorts.next();
        int rtmp = FreePorts.next();
        int originHttp = FreePorts.next();
        Map<String, String> env = new HashMap<>(Map.of("BRAID_HOME", home.toString(), "BRAID_HTTP_PORT", String.valueOf(http),
                "BRAID_RTMP_PORT", String.valueOf(rtmp), "BRAID_REGISTRY_HTTP_PORT", String.valueOf(FreePorts.next()),
                "BRAID_KAFKA_PORT", String.valueOf(FreePorts.next()), "BRAID_MONGO_PORT", String.valueOf(FreePorts.next()),
                "BRAID_ORIGIN_HTTP_PORT", String.valueOf(originHttp), "BRAID_ORIGIN_RTMP_PORT", String.valueOf(FreePorts.next()),
                "BRAID_EDGE_HTTP_PORT", String.valueOf(FreePorts.next()), "BRAID_CPU_LIMIT", "100"));
        env.put("BRAID_ORIGIN_SRT_PORT", String.valueOf(FreePorts.nextUdp()));
        env.put("BRAID_TRANSCODER_HTTP_PORT", String.valueOf(FreePorts.next()));
        String base = "http://localhost:" + http;
        List<Process> publishers = new ArrayList<>();
        try {
            run(env, "bin/braid up --origins 2 --edges 2 --transcoders 1");
            // The seed's monitoring script, unchanged, against the gateway: every node, with its status.
            String pipeline = "curl -s " + base + "/rest/v2/cluster-nodes | jq -r '.[] | \"\\(.id): \\(.status) (CPU: \\(.cpu), Memory: \\(.memory))\"'";
            String nodes = "(?s)(((registry|origin|edge|gateway|transcoder)-[0-9a-f]+): ALIVE \\(CPU: \\d+, Memory: \\d+\\)\\s*){7}";
            String lines = waitForOutput(env, pipeline);
            for (int i = 0; i < 30 && !lines.matches(nodes); i++) {
                Thread.sleep(500);
                lines = run(env, pipeline);
            }
            assertTrue(lines.matches(nodes), lines);
            assertTrue(lines.contains("gateway-") && lines.lines().filter(l -> l.startsWith("origin-")).count() == 2
                    && lines.lines().filter(l -> l.startsWith("edge-")).count() == 2
                    && lines.lines().filter(l -> l.startsWith("transcoder-")).count() == 1, lines);
            assertTrue(Files.size(home.resolve("data/internal.key")) >= 32, "bin/braid makes the cluster's internal key");
            String figures = run(env, "curl -s " + base + "/rest/v2/system-resources-info | jq -c '{streams: .totalLiveStreamSize, webrtc: .localWebRTCViewers, hls: .localHLSViewers}'");
            assertTrue(figures.trim().matches("\\{\"streams\":\\d+,\"webrtc\":\\d+,\"hls\":\\d+}"), figures);

            // Four publishes through the gateway's RTMP port spread over both origins; each plays through the gateway.
            for (int i = 1; i <= 4; i++) {
                publishers.add(new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                        "-f", "lavfi", "-i", "sine", "-t", "40", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p",
                        "-c:a", "aac", "-f", "flv", "rtmp://127.0.0.1:" + rtmp + "/LiveApp/s" + i)
                        .redirectErrorStream(true).redirectOutput(home.resolve("publish-s" + i + ".log").toFile()).start());
                Thread.sleep(1000);
            }
            for (int i = 1; i <= 4; i++) {
                String probe = "timeout 30 ffprobe -v error -show_entries stream=codec_name -of csv=p=0 " + base + "/LiveApp/streams/s" + i + ".m3u8 | sort -u | tr '\\n' ' '";
                String codecs = waitForOutput(env, probe);
                for (int t = 0; t < 20 && !codecs.contains("h264"); t++) {
                    Thread.sleep(1000);
                    codecs = run(env, probe);
                }
                assertEquals("aac h264", codecs.trim(), "s" + i + " through the gateway");
            }
            for (int origin = 0; origin < 2; origin++) {
                String streams = run(env, "curl -s http://127.0.0.1:" + (originHttp + origin) + "/rest/v2/system-resources-info | jq .localLiveStreams");
                assertTrue(Integer.parseInt(streams.trim()) >= 1, "origin-" + (origin + 1) + " got " + streams.trim() + " of the 4 streams");
            }
            for (Process p : publishers) {
                assertTrue(p.isAlive(), "a publisher stopped early");
            }
            publishers.forEach(Process::destroy);

            run(env, "curl -sf -XPOST -H 'Content-Type: application/json' -d '{\"streamId\":\"keepme\",\"name\":\"Survivor\"}' "
                    + base + "/LiveApp/rest/v2/broadcasts/create");
            run(env, "bin/braid down");
            run(env, "bin/braid up --origins 1 --edges 0 --transcoders 0");
            String name = run(env, "curl -sf " + base + "/LiveApp/rest/v2/broadcasts/keepme | jq -r .name");
            assertEquals("Survivor", name.trim());
            String status = run(env, "bin/braid status");
            assertTrue(status.contains("registry") && status.contains("origin") && status.contains("gateway"), status);
        } finally {
            publishers.forEach(Process::destroyForcibly);
            run(env, "bin/braid down");
        }
    }

    private static String waitForOutput(Map<String, String> env, String command) throws Exception {
        String out = "";
        for (int i = 0; i < 30 && out.isBlank(); i++) {
            out = run(env, command);
            if (out.isBlank()) {
                Thread.sleep(500);
            }
        }
        return out;
    }

    private static String run(Map<String, String> env, String command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(command + " exited " + p.exitValue() + ":\n" + text);
        }
        return text;
    }
}
