package io.braid.agent.lifecycle;

import io.braid.agent.ClusterAgent;
import io.braid.core.cluster.NodeState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness DOWN from the moment the node starts to leave, so load balancers, Kubernetes endpoints and the gateway's
 * health checks stop sending it new work while it still serves what it has. Liveness is untouched: a draining node is
 * not broken, and restarting it would cut its drain short.
 */
@Readiness
@ApplicationScoped
public class NodeReadiness implements HealthCheck {
    @Inject
    ClusterAgent agent;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("node").status(agent.state() == NodeState.SERVING)
                .withData("state", agent.state().wireName()).build();
    }
}
