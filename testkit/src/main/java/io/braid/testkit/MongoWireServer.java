package io.braid.testkit;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A server that speaks the MongoDB wire protocol (mongo-java-server), reached by services through the real MongoDB
 * driver. In memory for tests; on an H2 file for {@code bin/braid}, so metadata survives a restart.
 */
public final class MongoWireServer implements AutoCloseable {
    private final MongoServer server;
    private final InetSocketAddress address;

    private MongoWireServer(MongoServer server, MongoBackend backend, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    public static MongoWireServer inMemory(int port) {
        return start(new MemoryBackend(), port);
    }

    public static MongoWireServer onDisk(Path file, int port) {
        return onDisk(file, "127.0.0.1", port);
    }

    /** On an H2 file, listening on {@code host} (a container binds 0.0.0.0 so other containers reach it). */
    public static MongoWireServer onDisk(Path file, String host, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(new H2Backend(file.toAbsolutePath().toString()), host, port);
    }

    private static MongoWireServer start(MongoBackend backend, int port) {
        return start(backend, "127.0.0.1", port);
    }

    private static MongoWireServer start(MongoBackend backend, String host, int port) {
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        return new MongoWireServer(server, backend, server.getLocalAddress());
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        // shutdownNow also closes the backend, which flushes and closes the H2 file.
        server.shutdownNow();
    }
}
