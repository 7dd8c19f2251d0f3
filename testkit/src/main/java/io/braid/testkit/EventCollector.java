package io.braid.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.core.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning in the background, as an analytics consumer would. */
public final class EventCollector implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public EventCollector(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-collector-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        thread = Thread.ofPlatform().daemon().name("collector-" + topic).start(() -> {
            try {
                while (running) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(Json.read(r.value(), JsonNode.class)));
                }
            } catch (WakeupException ignored) {
                // closing
            } finally {
                consumer.close();
            }
        });
    }

    public long count(String type, String nodeId) {
        return events.stream().filter(e -> type.equals(e.path("type").asText()) && nodeId.equals(e.path("nodeId").asText())).count();
    }

    public List<JsonNode> events() {
        return events;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
