package io.braid.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.braid.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A viewer's (or a broadcaster's) browser: headless Debian {@code chromium} on a page of {@code e2e/players/} that
 * plays a URL with a player from npm (installed with {@code npm ci} from the committed lock file on first use), or
 * publishes to one, and reports what it did twice a second to the small HTTP server here, which serves the page.
 * Closing it stops chromium (every process of it) and the server.
 */
final class BrowserPlayer implements AutoCloseable {
    private static final Path PLAYERS = BraidCli.ROOT.resolve("e2e/players");

    /** What the page has reported so far, in order. */
    record Progress(double currentTime, List<String> fragments, List<String> playlists, List<String> errors) {
    }

    private final HttpServer server;
    private Process chromium;
    private Path chromiumLog;
    private final List<String> fragments = new ArrayList<>();
    private final List<String> playlists = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private double currentTime;

    private JsonNode stats = Json.MAPPER.createObjectNode();
    /** The longest gap between presented frames in each report's interval, in order. */
    private final List<Integer> gaps = new ArrayList<>();

    private BrowserPlayer(String page, List<Path> scripts) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/" + page, x -> send(x, PLAYERS.resolve(page), "text/html"));
        for (Path script : scripts) {
            server.createContext("/" + script.getFileName(), x -> send(x, script, "text/javascript"));
        }
        server.createContext("/report", x -> {
            add(Json.read(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), JsonNode.class));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        server.start();
    }

    /** hls.js ({@code e2e/players/hls-player.html}) playing {@code src}. */
    static BrowserPlayer hlsJs(Path dir, String src) throws IOException, InterruptedException {
        return open(dir, "hls-player.html", List.of(PLAYERS.resolve("node_modules/hls.js/dist/hls.min.js")), "src=" + encode(src));
    }

    /**
     * A plain RTCPeerConnection ({@code e2e/players/whep-player.html}) playing a WHEP endpoint; with a
     * {@code relayPort} the answer's UDP candidates are sent to that port instead (a lossy relay in front of the edge).
     */
    static BrowserPlayer whep(Path dir, String endpoint, Integer relayPort) throws IOException, InterruptedException {
        return open(dir, "whep-player.html", List.of(PLAYERS.resolve("webrtc-report.js"), PLAYERS.resolve("webrtc-offer.js")),
                "whep=" + encode(endpoint) + (relayPort == null ? "" : "&relayPort=" + relayPort));
    }

    /**
     * A broadcaster's page ({@code e2e/players/whip-publisher.html}) publishing chromium's fake camera (640x360) and
     * microphone to a WHIP endpoint; with a {@code relayPort} the answer's UDP candidates are sent to that port
     * instead (a lossy relay in front of the origin). {@link #stats()} then holds the sending side's figures.
     */
    static BrowserPlayer whipPublisher(Path dir, String endpoint, Integer relayPort) throws IOException, InterruptedException {
        return open(dir, "whip-publisher.html", List.of(PLAYERS.resolve("webrtc-offer.js")), "whip=" + encode(endpoint) + (relayPort == null ? "" : "&relayPort=" + relayPort),
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream");
    }

    /** Ant Media's JavaScript SDK ({@code @antmedia/webrtc_adaptor}, {@code e2e/players/ams-player.html}) playing a stream. */
    static BrowserPlayer antMedia(Path dir, String websocket, String streamId) throws IOException, InterruptedException {
        return open(dir, "ams-player.html", List.of(PLAYERS.resolve("node_modules/@mediapipe/selfie_segmentation/selfie_segmentation.js"),
                PLAYERS.resolve("node_modules/@antmedia/webrtc_adaptor/dist/browser/webrtc_adaptor.js"),
                PLAYERS.resolve("webrtc-report.js")), "websocket=" + encode(websocket) + "&stream=" + encode(streamId));
    }

    private static BrowserPlayer open(Path dir, String page, List<Path> scripts, String query, String... flags) throws IOException, InterruptedException {
        installPlayers();
        Files.createDirectories(dir);
        BrowserPlayer player = new BrowserPlayer(page, scripts);
        String url = "http://127.0.0.1:" + player.server.getAddress().getPort() + "/" + page + "?" + query;
        String name = page.replace(".html", "");
        player.chromiumLog = dir.resolve("chromium-" + name + ".log");
        try {
            List<String> command = new ArrayList<>(List.of(chromiumCommand(), "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--mute-audio", "--autoplay-policy=no-user-gesture-required", "--no-first-run",
                    "--user-data-dir=" + dir.resolve("chromium-profile-" + name)));
            command.addAll(List.of(flags));
            command.add(url);
            player.chromium = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(player.chromiumLog.toFile()).start();
        } catch (IOException | RuntimeException | Error e) {
            player.server.stop(0);
            throw e;
        }
        return player;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String chromiumCommand() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("headless chromium is needed for the browser-player tests (Debian: apt-get install chromium; .ci/run installs it)");
    }

    private static synchronized void installPlayers() throws IOException, InterruptedException {
        if (Files.isRegularFile(PLAYERS.resolve("node_modules/hls.js/dist/hls.min.js"))
                && Files.isRegularFile(PLAYERS.resolve("node_modules/@antmedia/webrtc_adaptor/dist/browser/webrtc_adaptor.js"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(PLAYERS.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new AssertionError("npm ci in e2e/players failed (the players are missing):\n" + output);
        }
    }

    private static void send(HttpExchange x, Path file, String type) throws IOException {
        byte[] body = Files.readAllBytes(file);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(200, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    private synchronized void add(JsonNode report) {
        currentTime = report.path("currentTime").asDouble();
        report.path("fragments").forEach(n -> fragments.add(n.asText()));
        report.path("playlists").forEach(n -> playlists.add(n.asText()));
        report.path("errors").forEach(n -> errors.add(n.asText()));
        if (report.has("stats")) {
            stats = report.get("stats");
            gaps.add(stats.path("intervalMaxGapMs").asInt());
        }
    }

    /** How many reports with WebRTC figures have come so far (a mark for {@link #longestGapSince}). */
    synchronized int reports() {
        return gaps.size();
    }

    /** The longest gap between two presented frames in the reports after the first {@code mark}, in ms. */
    synchronized int longestGapSince(int mark) {
        return gaps.subList(Math.min(mark, gaps.size()), gaps.size()).stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The newest WebRTC figures the page reported (getStats and frame timing; see {@code webrtc-report.js}). */
    synchronized JsonNode stats() {
        return stats;
    }

    synchronized Progress progress() {
        return new Progress(currentTime, List.copyOf(fragments), List.copyOf(playlists), List.copyOf(errors));
    }

    /** What the page said, whether chromium still runs, and the end of its log: for a failure's message. */
    String describe() {
        return "page: " + progress().errors() + "; stats " + stats() + "; chromium " + (alive() ? "running" : "exited") + "; its log ends:\n"
                + BraidCli.lastLines(chromiumLog, 20);
    }

    boolean alive() {
        return chromium.isAlive();
    }

    @Override
    public void close() {
        server.stop(0);
        if (chromium == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(chromium.descendants().toList());
        all.add(chromium.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> p).join();
        }
    }
}
