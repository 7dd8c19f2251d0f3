package io.braid.registry.events;

import io.braid.core.event.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates Braid's topics before any consumer subscribes (a consumer subscribed to a missing topic may see nothing,
 * and a production broker may have auto-creation off).
 */
@ApplicationScoped
public class TopicSetup {
    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "braid.kafka.partitions", defaultValue = "3")
    int partitions;
    @ConfigProperty(name = "braid.kafka.replication-factor", defaultValue = "1")
    short replicationFactor;

    void onStart(@Observes @jakarta.annotation.Priority(1) StartupEvent event) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"))) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.ALL.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, replicationFactor)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(15, TimeUnit.SECONDS);
                LOG.infof("created topics %s", missing.stream().map(NewTopic::name).toList());
            }
        } catch (Exception e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) {
                return;
            }
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + " to create Braid's topics (kafka.bootstrap.servers): " + e.getMessage(), e);
        }
    }

}
