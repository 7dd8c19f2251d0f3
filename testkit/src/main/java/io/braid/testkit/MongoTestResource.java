package io.braid.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource: an in-memory MongoDB-wire server, wired in as the MongoDB connection string. */
public class MongoTestResource implements QuarkusTestResourceLifecycleManager {
    private MongoWireServer server;

    @Override
    public Map<String, String> start() {
        server = MongoWireServer.inMemory(0);
        return Map.of("quarkus.mongodb.connection-string", server.connectionString());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
