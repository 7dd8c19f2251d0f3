package io.braid.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/braid} as a newcomer uses it, on free ports and a temporary state directory: the seed's monitoring
 * pipeline prints one line per node, ffmpeg publishes to the origin and the HLS playlist appears, and a broadcast
 * created before {@code down} is there after {@code up}, while the nodes that left at {@code down} are not listed.
 */
class BraidCliIT {
    /** An {@code up} that fails half-way (here the edge refuses a setting it does not know) leaves nothing running. */
    @Test
    void aStartThatFailsHalfWayStopsWhatItStarted(@TempDir Path home) throws Exception {
        BraidCli cli = new BraidCli(home).with("BRAID_JAVA_OPTS", "-Dbraid.webrtc.no-such-setting=1");
        AssertionError failed = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> cli.run("bin/braid up --origins 1 --edges 1 --transcoders 0"));
        String out = failed.getMessage();
        assertTrue(out.contains("edge-1 did not become ready") && out.contains("stopping what this run started (infra registry-1 origin-1 edge-1)"), out);
        try (var pids = Files.list(home.resolve("run"))) {
            assertEquals(List.of(), pids.map(Path::getFileName).map(Path::toString).toList(), "pid files left: nodes still running");
        }
        String status = cli.run("bin/braid status");
        assertTrue(status.startsWith("nothing running"), status);
    }

    @Test
    void theGatewayFrontsTheClusterAndMetadataSurvivesDownUp(@TempDir Path home) throws Exception {
        BraidCli cli = new BraidCli(home).with("BRAID_CPU_LIMIT", "100");
        int rtmp = cli.rtmpPort;
        int originHttp = cli.originHttpPort;
        String base = "http://localhost:" + cli.httpPort;
        List<Process> publishers = new ArrayList<>();
        try {
            cli.run("bin/braid up --origins 2 --edges 2 --transcoders 1");
            // The seed's monitoring script, unchanged, against the gateway: every node, with its status.
            String pipeline = "curl -s " + base + "/rest/v2/cluster-nodes | jq -r '.[] | \"\\(.id): \\(.status) (CPU: \\(.cpu), Memory: \\(.memory))\"'";
            String nodes = "(?s)(((registry|origin|edge|gateway|transcoder)-[0-9a-f]+): ALIVE \\(CPU: \\d+, Memory: \\d+\\)\\s*){7}";
            String lines = cli.waitForOutput(pipeline);
            for (int i = 0; i < 30 && !lines.matches(nodes); i++) {
                Thread.sleep(500);
                lines = cli.run(pipeline);
            }
            assertTrue(lines.matches(nodes), lines);
            assertTrue(lines.contains("gateway-") && lines.lines().filter(l -> l.startsWith("origin-")).count() == 2
                    && lines.lines().filter(l -> l.startsWith("edge-")).count() == 2
                    && lines.lines().filter(l -> l.startsWith("transcoder-")).count() == 1, lines);
            assertTrue(Files.size(home.resolve("data/internal.key")) >= 32, "bin/braid makes the cluster's internal key");
            String figures = cli.run("curl -s " + base + "/rest/v2/system-resources-info | jq -c '{streams: .totalLiveStreamSize, webrtc: .localWebRTCViewers, hls: .localHLSViewers}'");
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
                String probe = Ffmpeg.codecsCommand(base + "/LiveApp/streams/s" + i + ".m3u8");
                String codecs = cli.waitForOutput(probe);
                for (int t = 0; t < 20 && !codecs.contains("h264"); t++) {
                    Thread.sleep(1000);
                    codecs = cli.run(probe);
                }
                assertEquals("aac h264", codecs.trim(), "s" + i + " through the gateway");
            }
            for (int origin = 0; origin < 2; origin++) {
                String streams = cli.run("curl -s http://127.0.0.1:" + (originHttp + origin) + "/rest/v2/system-resources-info | jq .localLiveStreams");
                assertTrue(Integer.parseInt(streams.trim()) >= 1, "origin-" + (origin + 1) + " got " + streams.trim() + " of the 4 streams");
            }
            for (Process p : publishers) {
                assertTrue(p.isAlive(), "a publisher stopped early");
            }
            publishers.forEach(Process::destroy);

            cli.run("curl -sf -XPOST -H 'Content-Type: application/json' -d '{\"streamId\":\"keepme\",\"name\":\"Survivor\"}' "
                    + base + "/LiveApp/rest/v2/broadcasts/create");
            cli.run("bin/braid down");
            cli.run("bin/braid up --origins 1 --edges 0 --transcoders 0");
            String name = cli.run("curl -sf " + base + "/LiveApp/rest/v2/broadcasts/keepme | jq -r .name");
            assertEquals("Survivor", name.trim());
            // The nodes that left at down (a second origin, the edges, the transcoder) are gone, not DEAD.
            String listed = cli.run("curl -sf " + base + "/rest/v2/cluster-nodes | jq -r '.[] | \"\\(.role) \\(.status)\"' | sort | tr '\\n' ' '");
            assertEquals("gateway ALIVE origin ALIVE registry ALIVE", listed.trim(), "after down, then up with fewer nodes");
            String status = cli.run("bin/braid status");
            assertTrue(status.contains("registry") && status.contains("origin") && status.contains("gateway"), status);
        } finally {
            publishers.forEach(Process::destroyForcibly);
            cli.run("bin/braid down");
        }
    }
}
