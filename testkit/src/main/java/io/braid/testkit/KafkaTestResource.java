package io.braid.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Quarkus test resource: a real Kafka broker process for the test run, wired in as kafka.bootstrap.servers. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private KafkaBroker broker;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("braid-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker = KafkaBroker.start(dir, 0);
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        TempDirs.deleteQuietly(dir);
    }
}
