package io.braid.e2e;

import io.braid.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/braid} run as a user runs it, from the repository root, on a state directory of its own and free ports
 * (every port the script takes from the environment), so tests never meet a cluster a developer left running.
 */
final class BraidCli {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The most nodes of one role a test starts. */
    private static final int NODES_PER_ROLE = 4;

    private final PortBlocks ports = new PortBlocks();
    final Path home;
    final Map<String, String> env = new HashMap<>();
    final int httpPort;
    final int rtmpPort;
    final int kafkaPort;
    final int originHttpPort;

    BraidCli(Path home) {
        this.home = home;
        httpPort = ports.take(1);
        rtmpPort = ports.take(1);
        kafkaPort = ports.take(1);
        // bin/braid puts node N of a role on its base port + N - 1: each role gets a block of free ports.
        originHttpPort = ports.take(NODES_PER_ROLE);
        env.put("BRAID_HOME", home.toString());
        env.put("BRAID_HTTP_PORT", String.valueOf(httpPort));
        env.put("BRAID_RTMP_PORT", String.valueOf(rtmpPort));
        env.put("BRAID_KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("BRAID_ORIGIN_HTTP_PORT", String.valueOf(originHttpPort));
        env.put("BRAID_REGISTRY_HTTP_PORT", String.valueOf(ports.take(NODES_PER_ROLE)));
        env.put("BRAID_MONGO_PORT", String.valueOf(ports.take(1)));
        env.put("BRAID_ORIGIN_RTMP_PORT", String.valueOf(ports.take(NODES_PER_ROLE)));
        env.put("BRAID_EDGE_HTTP_PORT", String.valueOf(ports.take(NODES_PER_ROLE)));
        // WebRTC media: UDP and ICE-TCP on the same numbers; a free TCP block is free for UDP nearly always on loopback.
        env.put("BRAID_EDGE_WEBRTC_PORT", String.valueOf(ports.take(NODES_PER_ROLE)));
        env.put("BRAID_ORIGIN_SRT_PORT", String.valueOf(FreePorts.nextUdp()));
        env.put("BRAID_TRANSCODER_HTTP_PORT", String.valueOf(ports.take(NODES_PER_ROLE)));
    }

    /** Blocks of consecutive TCP ports that are free now and were not handed out before by this cluster. */
    private static final class PortBlocks {
        private final java.util.Set<Integer> taken = new java.util.HashSet<>();

        int take(int count) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int first = FreePorts.next();
                boolean ok = first + count <= 65535;
                for (int p = first; ok && p < first + count; p++) {
                    ok = !taken.contains(p) && (p == first || free(p));
                }
                if (ok) {
                    for (int p = first; p < first + count; p++) {
                        taken.add(p);
                    }
                    return first;
                }
            }
            throw new IllegalStateException("no block of " + count + " free ports");
        }

        private static boolean free(int port) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    BraidCli with(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The HTTP port of edge-1. */
    int edgeHttpPort() {
        return Integer.parseInt(env.get("BRAID_EDGE_HTTP_PORT"));
    }

    /** The WebRTC media port (UDP and ICE-TCP) of edge-1. */
    int edgeWebRtcPort() {
        return Integer.parseInt(env.get("BRAID_EDGE_WEBRTC_PORT"));
    }

    /** The gateway's HTTP base, e.g. {@code http://localhost:5080}. */
    String gateway() {
        return "http://localhost:" + httpPort;
    }

    String kafka() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** The pid of a node {@code bin/braid} started, e.g. {@code origin-2}. */
    long pid(String name) throws IOException {
        return Long.parseLong(Files.readString(home.resolve("run/" + name + ".pid")).trim());
    }

    /** The node id of a node {@code bin/braid} started, as it registered. */
    String nodeId(String name) throws IOException {
        return Files.readString(home.resolve("data/nodes/" + name + "/node-id")).trim();
    }

    /** The last {@code lines} lines of a node's log ({@code bin/braid logs}), for a failure's message. */
    String logTail(String name, int lines) {
        return "--- " + name + ".log (last " + lines + " lines)\n" + lastLines(home.resolve("logs/" + name + ".log"), lines);
    }

    /** The last {@code lines} lines of a file, or why it could not be read. */
    static String lastLines(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return e.toString();
        }
    }

    /** Runs a shell command in the repository root with this cluster's environment; fails on a non-zero exit. */
    String run(String command) throws IOException, InterruptedException {
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

    /** Runs the command until it prints something, at most 30 times half a second apart. */
    String waitForOutput(String command) throws Exception {
        String out = "";
        for (int i = 0; i < 30 && out.isBlank(); i++) {
            out = run(command);
            if (out.isBlank()) {
                Thread.sleep(500);
            }
        }
        return out;
    }
}
