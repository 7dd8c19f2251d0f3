package io.braid.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    void monitoringPipelineWorksAndMetadataSurvivesDownUp(@TempDir Path home) throws Exception {
        int http = FreePorts.next();
        int originHttp = FreePorts.next();
        int rtmp = FreePorts.next();
        Map<String, String> env = Map.of("BRAID_HOME", home.toString(), "BRAID_HTTP_PORT", String.valueOf(http),
                "BRAID_KAFKA_PORT", String.valueOf(FreePorts.next()), "BRAID_MONGO_PORT", String.valueOf(FreePorts.next()),
                "BRAID_ORIGIN_HTTP_PORT", String.valueOf(originHttp), "BRAID_RTMP_PORT", String.valueOf(rtmp), "BRAID_CPU_LIMIT", "100");
        String base = "http://localhost:" + http;
        try {
            run(env, "bin/braid up --edges 0 --transcoders 0");
            String pipeline = "curl -s " + base + "/rest/v2/cluster-nodes | jq -r '.[] | \"\\(.id): \\(.status) (CPU: \\(.cpu), Memory: \\(.memory))\"'";
            String lines = waitForOutput(env, pipeline);
            for (int i = 0; i < 20 && lines.lines().count() < 2; i++) {
                Thread.sleep(500);
                lines = run(env, pipeline);
            }
            assertTrue(lines.matches("(?s)(((registry|origin)-[0-9a-f]+): ALIVE \\(CPU: \\d+, Memory: \\d+\\)\\s*){2}"), lines);

            String figures = run(env, "curl -s " + base + "/rest/v2/system-resources-info | jq -c '{streams: .totalLiveStreamSize, webrtc: .localWebRTCViewers, hls: .localHLSViewers}'");
            assertEquals("{\"streams\":0,\"webrtc\":0,\"hls\":0}", figures.trim());
            run(env, "ffmpeg -nostdin -v error -re -f lavfi -i testsrc2=size=320x240:rate=30 -f lavfi -i sine -t 5 -c:v libx264 -preset ultrafast "
                    + "-g 30 -pix_fmt yuv420p -c:a aac -f flv rtmp://127.0.0.1:" + rtmp + "/LiveApp/cli");
            String playlist = run(env, "curl -sf http://127.0.0.1:" + originHttp + "/LiveApp/streams/cli.m3u8");
            assertTrue(playlist.contains("#EXTINF") && playlist.contains("#EXT-X-ENDLIST"), playlist);
            run(env, "curl -sf -XPOST -H 'Content-Type: application/json' -d '{\"streamId\":\"keepme\",\"name\":\"Survivor\"}' "
                    + base + "/LiveApp/rest/v2/broadcasts/create");
            run(env, "bin/braid down");
            run(env, "bin/braid up --edges 0 --transcoders 0");
            String name = run(env, "curl -sf " + base + "/LiveApp/rest/v2/broadcasts/keepme | jq -r .name");
            assertEquals("Survivor", name.trim());
            String status = run(env, "bin/braid status");
            assertTrue(status.contains("registry") && status.contains("origin"), status);
        } finally {
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
