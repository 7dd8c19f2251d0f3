package io.braid.registry.node;

import io.braid.core.event.HeartbeatEvent;
import io.braid.core.event.Topics;
import io.braid.core.json.Json;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads heartbeats in a consumer group, so registry replicas share the partitions (and so the nodes) between them.
 * A new group starts at the latest offset: heartbeats from before are stale by definition. A malformed heartbeat is
 * logged and skipped; it never stops the loop.
 */
@ApplicationScoped
public class HeartbeatConsumer {
    private static final Logger LOG = Logger.getLogger(HeartbeatConsumer.class);
    /** Kafka's default message limit; an edge with 5000 watched streams sends about 350 kB. */
    private static final int MAX_RECORD_BYTES = 1024 * 1024;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "braid.registry.consumer-group", defaultValue = "braid-registry")
    String groupId;
    @Inject
    NodeStore nodes;
    @Inject
    ClusterStatusEvents events;

    private KafkaConsumer<String, String> consumer;
    private Thread loop;
    private volatile boolean joined;
    private volatile boolean running = true;
    private long rejected;

    void onStart(@Observes StartupEvent event) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        loop = Thread.ofPlatform().name("braid-heartbeat-consumer").start(this::run);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (loop != null) {
            try {
                loop.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True once this replica has joined the group and been given its share (possibly none) of the partitions. */
    public boolean joined() {
        return joined;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.NODE_HEARTBEATS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    joined = true;
                    LOG.debugf("heartbeat partitions assigned: %s", partitions);
                }
            });
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("heartbeat consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(3));
        }
    }

    private void handle(ConsumerRecord<String, String> record) {
        try {
            if (record.value() == null || record.value().length() > MAX_RECORD_BYTES) {
                throw new IllegalArgumentException("empty or oversized heartbeat");
            }
            HeartbeatEvent hb = Json.read(record.value(), HeartbeatEvent.class);
            String problem = HeartbeatChecks.problem(hb);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            events.publishAll(nodes.recordHeartbeat(hb), hb);
        } catch (IllegalArgumentException e) {
            if (rejected++ % 100 == 0) {
                LOG.warnf("skipped a malformed heartbeat (key %s, offset %d): %s", record.key(), record.offset(), e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not record heartbeat of %s: %s", record.key(), e.getMessage());
        }
    }
}
