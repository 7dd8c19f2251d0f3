package io.braid.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.core.json.Json;
import io.braid.testkit.FreePorts;
import io.braid.testkit.KafkaBroker;
import io.braid.testkit.MongoWireServer;
import io.braid.testkit.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A small real cluster: one Kafka broker process, one MongoDB-wire server, one registry, origins on demand. */
final class OriginCluster implements AutoCloseable {
    /** The cluster's internal key, which origins require of transcoders publishing renditions. */
    static final String INTERNAL_KEY = "e2e-internal-key-" + Long.toHexString(System.nanoTime());
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    /** A running origin: its service process and RTMP port. */
    record Origin(ServiceProcess process, int rtmpPort, int srtPort) {
        String rtmp(String app, String streamId) {
            return "rtmp://127.0.0.1:" + rtmpPort + "/" + app + "/" + streamId;
        }

        String http(String path) {
            return process.baseUrl() + path;
        }
    }

    final Path dir;
    final KafkaBroker kafka;
    final MongoWireServer mongo;
    final ServiceProcess registry;
    private final List<Origin> origins = new ArrayList<>();
    private final List<ServiceProcess> edges = new ArrayList<>();

    private OriginCluster(Path dir) {
        this.dir = dir;
        this.kafka = KafkaBroker.start(dir.resolve("kafka"), 0);
        this.mongo = MongoWireServer.inMemory(0);
        this.registry = ServiceProcess.start("registry", jar("braid.registry.run-jar"), Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "db.host", mongo.connectionString(),
                "braid.node.data-dir", dir.resolve("registry").toString(), "braid.node.ip", "127.0.0.1"), dir.resolve("registry"));
    }

    static OriginCluster start(Path dir) {
        return new OriginCluster(dir);
    }

    Origin addOrigin(String name, Map<String, String> overrides) {
        int rtmpPort = FreePorts.next();
        int srtPort = FreePorts.nextUdp();
        Map<String, String> config = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "braid.registry.url", registry.baseUrl(),
                "braid.rtmp.port", String.valueOf(rtmpPort),
                "braid.rtmp.host", "127.0.0.1",
                "braid.node.data-dir", dir.resolve(name).toString(),
                "braid.node.ip", "127.0.0.1",
                "braid.internal.key", INTERNAL_KEY));
        config.put("braid.srt.port", String.valueOf(srtPort));
        config.put("braid.srt.host", "127.0.0.1");
        // Several origins on one machine: each its own free WHIP ports (the service default, 50100, is one).
        config.put("braid.whip.udp-port", "0");
        config.put("braid.whip.tcp-port", "0");
        config.put("braid.whip.advertised-addresses", "127.0.0.1");
        config.putAll(overrides);
        Origin origin = new Origin(ServiceProcess.start(name, jar("braid.ingest.run-jar"), config, dir.resolve(name)), rtmpPort,
                Integer.parseInt(config.get("braid.srt.port")));
        origins.add(origin);
        return origin;
    }

    /** An edge reading from this cluster's registry and Kafka. */
    ServiceProcess addEdge(String name) {
        return addEdge(name, Map.of());
    }

    ServiceProcess addEdge(String name, Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "braid.registry.url", registry.baseUrl(),
                "braid.node.data-dir", dir.resolve(name).toString(),
                "braid.node.ip", "127.0.0.1",
                // Several edges on one machine: each its own free WebRTC ports (the service default, 50000, is one).
                "braid.webrtc.udp-port", "0",
                "braid.webrtc.tcp-port", "0"));
        config.putAll(overrides);
        ServiceProcess edge = ServiceProcess.start(name, jar("braid.edge.run-jar"), config, dir.resolve(name));
        edges.add(edge);
        return edge;
    }

    /**
     * A transcoder taking jobs from this cluster's registry. Its CPU limit is 100 %: on a test machine every process
     * shares two cores, and a transcoder refusing work because ffmpeg's publish is busy would test nothing.
     */
    ServiceProcess addTranscoder(String name) {
        ServiceProcess transcoder = ServiceProcess.start(name, jar("braid.transcoder.run-jar"), Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "braid.registry.url", registry.baseUrl(),
                "braid.internal.key", INTERNAL_KEY,
                "server.cpu_limit", "100",
                "braid.node.data-dir", dir.resolve(name).toString(),
                "braid.node.ip", "127.0.0.1"), dir.resolve(name));
        edges.add(transcoder);
        return transcoder;
    }

    /** A running gateway: its HTTP service and RTMP port. */
    record Gateway(ServiceProcess process, int rtmpPort) {
    }

    /** A gateway in front of this cluster, reading the registry's view. */
    Gateway addGateway(String name) {
        int rtmpPort = FreePorts.next();
        ServiceProcess gateway = ServiceProcess.start(name, jar("braid.gateway.run-jar"), Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "braid.registry.url", registry.baseUrl(),
                "braid.gateway.rtmp-port", String.valueOf(rtmpPort),
                "braid.gateway.rtmp-host", "127.0.0.1",
                "braid.node.data-dir", dir.resolve(name).toString(),
                "braid.node.ip", "127.0.0.1"), dir.resolve(name));
        edges.add(gateway);
        return new Gateway(gateway, rtmpPort);
    }

    private static Path jar(String property) {
        return Path.of(System.getProperty(property, "missing-" + property));
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String url) throws IOException, InterruptedException {
        return Json.read(get(url).body(), JsonNode.class);
    }

    /** For polling: the document, or a missing node while the service cannot answer. */
    static JsonNode poll(String url) {
        try {
            return json(url);
        } catch (IOException | RuntimeException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    static HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not reached within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        for (ServiceProcess e : edges) {
            e.close();
        }
        for (Origin o : origins) {
            o.process().close();
        }
        registry.close();
        kafka.close();
        mongo.close();
    }
}
