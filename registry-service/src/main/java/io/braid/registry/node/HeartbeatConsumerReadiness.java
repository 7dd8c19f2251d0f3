package io.braid.registry.node;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once this replica reads heartbeats: before that, node statuses it serves could be stale. */
@Readiness
@ApplicationScoped
public class HeartbeatConsumerReadiness implements HealthCheck {
    @Inject
    HeartbeatConsumer consumer;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("heartbeat-consumer").status(consumer.joined()).build();
    }
}
