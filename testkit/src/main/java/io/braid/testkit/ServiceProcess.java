package io.braid.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Braid service started from its packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}) as a
 * separate JVM, the way {@code bin/braid} runs it. Ready when {@code /q/health/ready} answers 200.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final int httpPort;
    private final ChildProcess process;

    private ServiceProcess(String name, int httpPort, ChildProcess process) {
        this.name = name;
        this.httpPort = httpPort;
        this.process = process;
    }

    /**
     * @param runJar    the service's {@code quarkus-run.jar}
     * @param config    system properties (Quarkus and Braid config keys)
     * @param workDir   the service's working and data directory; its log goes to {@code workDir/service.log}
     */
    public static ServiceProcess start(String name, Path runJar, Map<String, String> config, Path workDir) {
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalStateException(runJar + " is missing: package the service first (./mvnw package -DskipTests)");
        }
        int port = config.containsKey("quarkus.http.port") ? Integer.parseInt(config.get("quarkus.http.port")) : FreePorts.next();
        List<String> args = new ArrayList<>(List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        args.add("-Dquarkus.http.port=" + port);
        config.forEach((k, v) -> {
            if (!k.equals("quarkus.http.port")) {
                args.add("-D" + k + "=" + v);
            }
        });
        args.add("-jar");
        args.add(runJar.toAbsolutePath().toString());
        ChildProcess child = ChildProcess.startJava(name, args, workDir.resolve("service.log"), workDir);
        ServiceProcess service = new ServiceProcess(name, port, child);
        child.awaitReady(service::ready, Duration.ofSeconds(90));
        return service;
    }

    public boolean ready() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String name() {
        return name;
    }

    public String logTail(int lines) {
        return process.logTail(lines);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Ends the process abruptly, like a crashed node. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }
}
