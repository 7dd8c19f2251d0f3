package io.braid.testkit;

import io.braid.core.process.ParentWatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller) in its own JVM, from the jars that
 * module {@code kafka-broker} assembles. Data lives in {@code dataDir}; starting again on the same directory keeps
 * the topics and their messages.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final String STARTED_LINE = "Kafka Server started";

    private final int port;
    private final ChildProcess process;

    private KafkaBroker(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    /** Starts a broker on {@code port} (0 = any free port) and waits until it accepts clients. */
    public static KafkaBroker start(Path dataDir, int port) {
        int brokerPort = port == 0 ? FreePorts.next() : port;
        int controllerPort = FreePorts.next();
        try {
            Files.createDirectories(dataDir);
            Path config = writeConfig(dataDir, brokerPort, controllerPort);
            Path log4j = writeLogConfig(dataDir);
            String classpath = brokerClasspath();
            format(classpath, config, log4j, dataDir);
            ChildProcess child = ChildProcess.startJava("kafka-broker", List.of(
                    "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED",
                    "-Dlog4j2.configurationFile=" + log4j.toUri(),
                    "-cp", classpath, BrokerMain.class.getName(), config.toString()),
                    dataDir.resolve("broker.log"), dataDir);
            KafkaBroker broker = new KafkaBroker(brokerPort, child);
            child.awaitReady(() -> child.logContains(STARTED_LINE) && broker.portOpen(), Duration.ofSeconds(90));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }

    private boolean portOpen() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path writeConfig(Path dataDir, int brokerPort, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("kraft-logs").toString());
        p.setProperty("num.partitions", "3");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("offsets.topic.replication.factor", "1");
        // 50 partitions by default: needless start-up and first-join time on a one-node broker.
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.retention.hours", "24");
        p.setProperty("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        Path file = dataDir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "written by Braid testkit KafkaBroker");
        }
        return file;
    }

    private static Path writeLogConfig(Path dataDir) throws IOException {
        Path file = dataDir.resolve("log4j2.properties");
        Files.writeString(file, """
                rootLogger.level = WARN
                rootLogger.appenderRef.out.ref = out
                appender.out.type = Console
                appender.out.name = out
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = %d{ISO8601} %-5p [%c{1}] %m%n
                logger.started.name = kafka.server.KafkaRaftServer
                logger.started.level = INFO
                """);
        return file;
    }

    /** Formats the storage directory once; a directory formatted before is left as it is. */
    private static void format(String classpath, Path config, Path log4j, Path dataDir) throws IOException {
        if (Files.exists(dataDir.resolve("kraft-logs").resolve("meta.properties"))) {
            return;
        }
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        Process format = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dlog4j2.configurationFile=" + log4j.toUri(),
                // "--cluster-id=" keeps an id that starts with '-' (1 in 64 of them) from being read as an option
                "-cp", classpath, "kafka.tools.StorageTool", "format", "--cluster-id=" + clusterId, "-c", config.toString(), "--ignore-formatted")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("format.log").toFile()))
                .start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage took over 60 s; see " + dataDir.resolve("format.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            format.destroyForcibly();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("formatting Kafka storage failed:\n" + Files.readString(dataDir.resolve("format.log")));
        }
    }

    /** The broker's jars, plus this module and braid-core for {@link BrokerMain} and {@link ParentWatch}. */
    static String brokerClasspath() {
        Path lib = Path.of(buildProperty("kafka.broker.lib"));
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("Kafka broker jars not found at " + lib + ": build module kafka-broker first (./mvnw -pl kafka-broker package)");
        }
        return String.join(java.io.File.pathSeparator, lib.resolve("*").toString(),
                codeLocation(BrokerMain.class), codeLocation(ParentWatch.class));
    }

    private static String codeLocation(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String buildProperty(String key) {
        String override = System.getProperty("braid.testkit." + key);
        if (override != null) {
            return override;
        }
        try (InputStream in = KafkaBroker.class.getResourceAsStream("/braid-testkit.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("braid-testkit.properties is missing from the testkit jar", e);
        }
    }
}
