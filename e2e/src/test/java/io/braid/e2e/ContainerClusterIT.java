package io.braid.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container images as a newcomer uses them: {@code docker/build.sh} builds every image, {@code docker/cluster.sh
 * up} runs the whole cluster in one podman pod with only the gateway's HTTP and RTMP ports and the origin's SRT port
 * published (free ports, so a {@code bin/braid} cluster on its defaults is not disturbed), the seed's monitoring
 * script sees every node ALIVE, ffmpeg publishes over RTMP through the gateway and over SRT to the origin, and ffprobe
 * plays both as HLS through the gateway. The pod and its volumes are removed whatever happens.
 */
class ContainerClusterIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A cold build (debootstrap, jlink, every image) takes about a minute here; leave room for a slow mirror. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);
    private static final String NODE = "(registry|origin|edge|gateway|transcoder)-[0-9a-f]+: ALIVE \\(CPU: \\d+, Memory: \\d+\\)";

    @Test
    void theWholeClusterRunsInPodmanAndServesRtmpAndSrtPublishesAsHls(@TempDir Path home) throws Exception {
        int http = FreePorts.next();
        int rtmp = FreePorts.next();
        int srt = FreePorts.nextUdp();
        String pod = "braid-it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Map<String, String> env = new HashMap<>(Map.of("BRAID_POD", pod, "BRAID_HOME", home.toString(),
                "BRAID_HTTP_PORT", String.valueOf(http), "BRAID_RTMP_PORT", String.valueOf(rtmp),
                "BRAID_SRT_PORT", String.valueOf(srt), "BRAID_CPU_LIMIT", "100",
                // The machine's own bind address, not every interface: nothing outside needs this test's cluster.
                "BRAID_PUBLISH_ADDRESS", "127.0.0.1"));
        String base = "http://127.0.0.1:" + http;
        List<Process> publishers = new ArrayList<>();
        try {
            long start = System.nanoTime();
            String built = run(env, home, "docker/build.sh", BUILD_TIMEOUT);
            System.out.printf("docker/build.sh: %.1f s%n%s%n", seconds(start), built);
            for (String image : List.of("registry", "origin", "edge", "transcoder", "gateway", "kafka", "mongo-wire")) {
                assertTrue(built.contains("localhost/braid/" + image + ":dev"), image + " image missing:\n" + built);
            }

            start = System.nanoTime();
            run(env, home, "docker/cluster.sh up", STEP_TIMEOUT);
            System.out.printf("docker/cluster.sh up: %.1f s%n", seconds(start));

            // The seed's monitoring script, unchanged, against the gateway's published port. Kafka and MongoDB-wire
            // send no heartbeats: five nodes, one of each Braid role.
            String pipeline = "curl -s " + base + "/rest/v2/cluster-nodes | jq -r '.[] | \"\\(.id): \\(.status) (CPU: \\(.cpu), Memory: \\(.memory))\"'";
            String lines = poll(env, home, pipeline, Duration.ofSeconds(30), out -> out.matches("(?s)(" + NODE + "\\s*){5}"));
            assertTrue(lines.matches("(?s)(" + NODE + "\\s*){5}"), lines);
            for (String role : List.of("registry", "origin", "edge", "transcoder", "gateway")) {
                assertEquals(1, lines.lines().filter(l -> l.startsWith(role + "-")).count(), role + " in\n" + lines);
            }

            publishers.add(publish(home, "rtmp", "-f", "flv", "rtmp://127.0.0.1:" + rtmp + "/LiveApp/c1"));
            publishers.add(publish(home, "srt", "-f", "mpegts", "srt://127.0.0.1:" + srt + "?streamid=LiveApp/c2"));
            for (String stream : List.of("c1", "c2")) {
                String probe = Ffmpeg.codecsCommand(base + "/LiveApp/streams/" + stream + ".m3u8");
                String codecs = poll(env, home, probe, Duration.ofSeconds(40), out -> out.contains("h264"));
                assertEquals("aac h264", codecs.trim(), stream + " through the gateway");
            }
            for (Process p : publishers) {
                assertTrue(p.isAlive(), "a publisher stopped early (logs in " + home + ")");
            }
        } finally {
            publishers.forEach(Process::destroyForcibly);
            long start = System.nanoTime();
            run(env, home, "docker/cluster.sh down --volumes", STEP_TIMEOUT);
            System.out.printf("docker/cluster.sh down: %.1f s%n", seconds(start));
        }
        String left = run(env, home, "CONTAINERS_CONF=docker/containers.conf podman ps -a --filter pod=" + env.get("BRAID_POD")
                + " --format '{{.Names}}'; CONTAINERS_CONF=docker/containers.conf podman volume ls -q | grep '^"
                + env.get("BRAID_POD") + "-' || true", STEP_TIMEOUT);
        assertEquals("", left.trim(), "containers or volumes left behind");
    }

    private static Process publish(Path home, String name, String... output) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine", "-t", "60",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac"));
        command.addAll(List.of(output));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("publish-" + name + ".log").toFile()).start();
    }

    /** Runs {@code command} until its output satisfies {@code done} or {@code within} has passed; the last output. */
    private static String poll(Map<String, String> env, Path home, String command, Duration within, Predicate<String> done)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String out = run(env, home, command, STEP_TIMEOUT);
        while (!done.test(out) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            out = run(env, home, command, STEP_TIMEOUT);
        }
        return out;
    }

    /**
     * Runs a shell command in the repository root. Output goes to a file, not a pipe: a bounded wait must not depend on
     * every process that inherited the pipe (podman's conmon, for one) closing it.
     */
    private static String run(Map<String, String> env, Path home, String command, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(home, "run-", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeout + ": " + command + "\n" + Files.readString(log));
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(command + " exited " + p.exitValue() + ":\n" + text);
        }
        return text;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
