package io.braid.testkit;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The MongoDB-wire server on its own, for the {@code mongo-wire} container image: H2 files under one directory, so
 * metadata survives a restart. Runs until it is terminated; the shutdown hook flushes and closes the H2 file.
 *
 * <p>Usage: {@code MongoWireMain <dataDir> <port> [bindHost]} (bind host default {@code 0.0.0.0})
 */
public final class MongoWireMain {
    private MongoWireMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: MongoWireMain <dataDir> <port> [bindHost]");
            System.exit(2);
        }
        Path file = Path.of(args[0]).toAbsolutePath().resolve("braid.mv");
        String host = args.length == 3 ? args[2] : "0.0.0.0";
        MongoWireServer mongo = MongoWireServer.onDisk(file, host, Integer.parseInt(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mongo.close();
            System.out.println("MongoDB-wire server stopped");
            stopped.countDown();
        }));
        System.out.println("MongoDB-wire server (H2 " + file + ") listening on " + host + ":" + mongo.port());
        stopped.await();
    }
}
