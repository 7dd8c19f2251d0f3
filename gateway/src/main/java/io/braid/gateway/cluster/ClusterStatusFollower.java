package io.braid.gateway.cluster;

import io.braid.agent.ClusterAgent;
import io.braid.core.event.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Follows {@code braid.cluster.status}: a node joining, dying or coming back makes the gateway read the registry's
 * node list at once instead of at its next poll, so a DEAD node leaves rotation as soon as the registry says so.
 * Each gateway reads every event (its own consumer group) from the latest; the poll stays as the fallback.
 */
@ApplicationScoped
public class ClusterStatusFollower {
    private static final Logger LOG = Logger.getLogger(ClusterStatusFollower.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    ClusterAgent agent;
    @Inject
    ClusterView view;

    private KafkaConsumer<String, String> consumer;
    private Thread thread;

    /** After the cluster agent (default priority), whose node id names this gateway's consumer group. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "braid-gateway-" + agent.self().nodeId(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.CLUSTER_STATUS));
        thread = Thread.ofPlatform().daemon().name("braid-gateway-cluster-status").start(this::run);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (true) {
                if (!consumer.poll(Duration.ofMillis(500)).isEmpty()) {
                    view.refreshSoon();
                }
            }
        } catch (WakeupException stopping) {
            // shutdown
        } catch (RuntimeException e) {
            LOG.warnf("stopped following cluster status events (%s); the 1 s poll goes on", e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
