package io.braid.gateway.cluster;

import io.braid.agent.ClusterAgent;
import io.braid.agent.events.TopicFollower;
import io.braid.core.event.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Follows {@code braid.cluster.status}: a node joining, dying or coming back makes the gateway read the registry's
 * node list at once instead of at its next poll, so a DEAD node leaves rotation as soon as the registry says so.
 * Each gateway reads every event (its own consumer group) from the latest; the poll stays as the fallback.
 */
@ApplicationScoped
public class ClusterStatusFollower {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    ClusterAgent agent;
    @Inject
    ClusterView view;

    private TopicFollower follower;

    /** After the cluster agent (default priority), whose node id names this gateway's consumer group. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        follower = TopicFollower.start(bootstrap, "braid-gateway-" + agent.self().nodeId(), List.of(Topics.CLUSTER_STATUS),
                "braid-gateway-cluster-status", records -> {
                    if (!records.isEmpty()) {
                        view.refreshSoon();
                    }
                });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (follower != null) {
            follower.close();
        }
    }
}
