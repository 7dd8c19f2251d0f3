package io.braid.agent.heartbeat;

import io.braid.core.event.HeartbeatEvent;
import io.braid.core.event.Topics;
import io.braid.core.json.Json;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Sends this node's heartbeat every update period on {@link Topics#NODE_HEARTBEATS}, keyed by node id so one
 * node's heartbeats stay ordered on one partition. A send never blocks the schedule for long: with Kafka away,
 * heartbeats are dropped (a late one is worthless) and the next tick tries again.
 */
public final class HeartbeatPublisher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HeartbeatPublisher.class);

    /** Gathers the changes of one moment (e.g. several viewers leaving) into one extra heartbeat. */
    private static final long EXTRA_BEAT_DELAY_MS = 250;

    private final Producer<String, String> producer;
    private final Supplier<HeartbeatEvent> heartbeat;
    private final Duration period;
    private final ScheduledExecutorService scheduler;
    private volatile boolean failing;
    private final AtomicBoolean extraBeatPending = new AtomicBoolean();

    public HeartbeatPublisher(Producer<String, String> producer, Supplier<HeartbeatEvent> heartbeat, Duration period) {
        this.producer = producer;
        this.heartbeat = heartbeat;
        this.period = period;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("braid-heartbeat").factory());
    }

    /** A producer tuned for heartbeats: small, bounded waits, no retries past the next heartbeat. */
    public static Producer<String, String> producer(String bootstrapServers, String clientId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"),
                new StringSerializer(), new StringSerializer());
    }

    public void start() {
        scheduler.scheduleAtFixedRate(this::beat, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends one heartbeat at once and waits (up to the producer's delivery timeout) until Kafka has it. It runs on the
     * heartbeat thread, after any beat already under way, so it is never overtaken by an older one.
     *
     * @return the heartbeat sent, or null if it could not be
     */
    public HeartbeatEvent beatNow() {
        try {
            HeartbeatEvent sent = scheduler.submit(this::beat).get(5, TimeUnit.SECONDS);
            producer.flush();
            return sent;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | RejectedExecutionException e) {
            LOG.warnf("heartbeat not sent: %s", e.toString());
            return null;
        }
    }

    /** Sends one heartbeat (also used at start-up so a node appears at once). @return it, or null if it could not be made */
    public HeartbeatEvent beat() {
        try {
            HeartbeatEvent event = heartbeat.get();
            producer.send(new ProducerRecord<>(Topics.NODE_HEARTBEATS, event.nodeId(), Json.write(event)), (meta, error) -> {
                if (error != null && !failing) {
                    failing = true;
                    LOG.warnf("heartbeat not delivered (%s); will keep trying every %d ms", error.getMessage(), period.toMillis());
                } else if (error == null && failing) {
                    failing = false;
                    LOG.info("heartbeats are being delivered again");
                }
            });
            return event;
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warnf("heartbeat not sent: %s", e.getMessage());
            }
            return null;
        }
    }

    /** One extra heartbeat a quarter of a second from now; further calls until it is sent add nothing. */
    public void beatSoon() {
        if (extraBeatPending.compareAndSet(false, true)) {
            try {
                scheduler.schedule(() -> {
                    extraBeatPending.set(false);
                    beat();
                }, EXTRA_BEAT_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                extraBeatPending.set(false);
            }
        }
    }

    /** Stops sending; the registry will see this node DEAD after 4 missed periods. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(3));
    }
}
