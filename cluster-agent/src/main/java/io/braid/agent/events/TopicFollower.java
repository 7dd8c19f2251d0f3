package io.braid.agent.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads topics on a thread of its own, from the latest offset, for a node that must see every event (its own
 * consumer group) but not the past: an edge following streams and segments, a gateway following node status. A batch
 * the handler fails on is logged and skipped; the loop goes on until {@link #close()}.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;

    private TopicFollower(KafkaConsumer<String, String> consumer, String threadName, Consumer<ConsumerRecords<String, String>> handler) {
        this.consumer = consumer;
        this.thread = Thread.ofPlatform().daemon().name(threadName).start(() -> run(handler));
    }

    public static TopicFollower start(String bootstrapServers, String groupId, List<String> topics, String threadName,
                                      Consumer<ConsumerRecords<String, String>> handler) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(topics);
        return new TopicFollower(consumer, threadName, handler);
    }

    private void run(Consumer<ConsumerRecords<String, String>> handler) {
        try {
            while (true) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                try {
                    handler.accept(records);
                } catch (RuntimeException e) {
                    LOG.warnf("skipped %d events on %s: %s", records.count(), Thread.currentThread().getName(), e.getMessage());
                }
            }
        } catch (WakeupException stopping) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.warnf("%s stopped following events: %s", Thread.currentThread().getName(), e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
