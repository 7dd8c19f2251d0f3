package io.braid.gateway.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.braid.gateway.route.PublishRouter;
import io.smallrye.health.api.HealthGroup;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * {@code /q/health/group/cluster}: UP when a publish through this gateway would go to an origin (one that accepts work
 * and passes its checks) and a play would go to an edge. Not part of readiness: a gateway without origins still
 * serves the REST API and must stay in its load balancer; this is what "the cluster is ready" means to
 * {@code bin/braid up} and to operators' scripts.
 */
@HealthGroup("cluster")
@ApplicationScoped
public class ClusterRoutesCheck implements HealthCheck {
    @Inject
    ClusterView view;

    @Override
    public HealthCheckResponse call() {
        ClusterView.Snapshot s = view.snapshot();
        long origins = PublishRouter.usable(s.role("origin").stream().filter(o -> o.address("rtmp") != null).toList(), view::healthy).size();
        long edges = s.role("edge").stream().filter(e -> e.address("http") != null && view.healthy(e)).count();
        return HealthCheckResponse.named("cluster-routes").status(origins > 0 && edges > 0)
                .withData("publishableOrigins", origins).withData("playableEdges", edges).build();
    }
}
