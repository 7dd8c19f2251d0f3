package io.braid.testkit;

import io.braid.core.process.ParentWatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded infrastructure of {@code bin/braid up}: a MongoDB-wire server on H2 files and a Kafka broker process,
 * both under one data directory so everything survives {@code down}/{@code up}. Runs until it is terminated; the
 * shutdown hook stops the broker. Writes {@code <data>/infra.ready} once both accept connections.
 *
 * <p>Usage: {@code LocalInfraMain <dataDir> <mongoPort> <kafkaPort>}
 */
public final class LocalInfraMain {
    private LocalInfraMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LocalInfraMain <dataDir> <mongoPort> <kafkaPort>");
            System.exit(2);
        }
        ParentWatch.startFromSystemProperty();
        Path data = Path.of(args[0]).toAbsolutePath();
        Path ready = data.resolve("infra.ready");
        Files.deleteIfExists(ready);
        MongoWireServer mongo = MongoWireServer.onDisk(data.resolve("mongo").resolve("braid.mv"), Integer.parseInt(args[1]));
        System.out.println("MongoDB-wire server (H2) at " + mongo.connectionString());
        KafkaBroker kafka;
        try {
            kafka = KafkaBroker.start(data.resolve("kafka"), Integer.parseInt(args[2]));
        } catch (RuntimeException e) {
            mongo.close();
            throw e;
        }
        System.out.println("Kafka broker (pid " + kafka.pid() + ") at " + kafka.bootstrapServers());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            mongo.close();
            try {
                Files.deleteIfExists(ready);
            } catch (Exception ignored) {
                // nothing to clean
            }
            System.out.println("embedded infrastructure stopped");
            stopped.countDown();
        }));
        Files.writeString(ready, "mongodb=" + mongo.connectionString() + "\nkafka=" + kafka.bootstrapServers() + "\n");
        System.out.println("ready");
        stopped.await();
    }
}
