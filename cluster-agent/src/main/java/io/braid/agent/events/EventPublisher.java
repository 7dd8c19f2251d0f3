package io.braid.agent.events;

import io.braid.core.json.Json;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes a service's events (cluster status, stream lifecycle, segments). Idempotent producer with acks=all: an event
 * decided by an atomic database update is written once, in order per key. {@link #publish} sends at once (within
 * Kafka's 5 ms linger); {@link #publishSoon} within the batch period.
 */
@ApplicationScoped
public class EventPublisher {
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** How long an event given to {@link #publishSoon} may wait to go out with others. */
    @ConfigProperty(name = "braid.events.batch-period", defaultValue = "200ms")
    Duration batchPeriod;

    private KafkaProducer<String, String> producer;
    private EventBatch batch;

    @PostConstruct
    void init() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "braid-events-" + ProcessHandle.current().pid(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000",
                // A burst from the batch goes in one request rather than one per partition as it is drained.
                ProducerConfig.LINGER_MS_CONFIG, "5"),
                new StringSerializer(), new StringSerializer());
        batch = new EventBatch(this::publish, batchPeriod, 10_000);
    }

    /**
     * Publishes an event within {@code braid.events.batch-period} (200 ms), with others: for events made on hot
     * threads at a steady rate (segments), so the caller only queues it (see {@link EventBatch}).
     */
    public void publishSoon(String topic, String key, Object event) {
        batch.add(topic, key, event);
    }

    public void publish(String topic, String key, Object event) {
        producer.send(new ProducerRecord<>(topic, key, Json.write(event)), (meta, error) -> {
            if (error != null) {
                LOG.errorf("event for %s on %s was not delivered: %s", key, topic, error.getMessage());
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        batch.close();
        producer.close(Duration.ofSeconds(5));
    }
}
