package io.braid.registry;

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
 * pipeline prints one line per node, and a broadcast created before {@code down} is there after {@code up}.
 */
class BraidCliIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void monitoringPipelineWorksAndMetadataSurvivesDownUp(@TempDir Path home) throws Exception {
        int http = FreePorts.next();
        Map<String, String> env = Map.of("BRAID_HOME", home.toString(), "BRAID_HTTP_PORT", String.valueOf(http),
                "BRAID_KAFKA_PORT", String.valueOf(FreePorts.next()), "BRAID_MONGO_PORT", String.valueOf(FreePorts.next()));
        String base = "http://localhost:" + http;
        try {
            run(env, "bin/braid up --origins 0 --edges 0 --transcoders 0");
            String lines = waitForOutput(env, "curl -s " + base + "/rest/v2/cluster-nodes | jq -r '.[] | \"\\(.id): \\(.status) (CPU: \\(.cpu), Memory: \\(.memory))\"'");
            assertTrue(lines.matches("(?s)registry-[0-9a-f]+: ALIVE \\(CPU: \\d+, Memory: \\d+\\)\\s*"), lines);
            String figures = run(env, "curl -s " + base + "/rest/v2/system-resources-info | jq -c '{streams: .totalLiveStreamSize, webrtc: .localWebRTCViewers, hls: .localHLSViewers}'");
            assertEquals("{\"streams\":0,\"webrtc\":0,\"hls\":0}", figures.trim());
            run(env, "curl -sf -XPOST -H 'Content-Type: application/json' -d '{\"streamId\":\"keepme\",\"name\":\"Survivor\"}' "
                    + base + "/LiveApp/rest/v2/broadcasts/create");
            run(env, "bin/braid down");
            run(env, "bin/braid up --origins 0 --edges 0 --transcoders 0");
            String name = run(env, "curl -sf " + base + "/LiveApp/rest/v2/broadcasts/keepme | jq -r .name");
            assertEquals("Survivor", name.trim());
            assertTrue(run(env, "bin/braid status").contains("registry"));
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
