package io.braid.registry.scaling;

import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;
import io.braid.core.json.Json;
import io.braid.core.scaling.NodeSample;
import io.braid.core.scaling.ScalingAdvice;
import io.braid.core.scaling.ScalingAdvisor;
import io.braid.registry.node.NodeStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * The cluster's scaling advice from the nodes the registry holds: ALIVE and serving nodes only (a leaving node is on its
 * way out and is not capacity). Served at {@code /rest/v2/cluster/scaling} and as Prometheus gauges
 * ({@code braid_cluster_nodes{role}}, {@code braid_cluster_recommended_nodes{role}}) for an HPA or KEDA. Computed at
 * most once a second, however often it is asked.
 */
@ApplicationScoped
public class ClusterScaling {
    private static final long FRESH_MS = 1_000;

    @Inject
    NodeStore nodes;
    @Inject
    ScalingConfig config;
    @Inject
    MeterRegistry metrics;

    private ScalingAdvisor advisor;
    private volatile List<ScalingAdvice> last = List.of();
    private volatile long computedAt;

    void onStart(@Observes StartupEvent event) {
        advisor = new ScalingAdvisor(config.targets());
        for (NodeRole role : List.of(NodeRole.ORIGIN, NodeRole.EDGE, NodeRole.TRANSCODER, NodeRole.REGISTRY)) {
            Gauge.builder("braid_cluster_nodes", this, s -> s.of(role).current()).tag("role", role.wireName())
                    .description("ALIVE, serving nodes of the role").register(metrics);
            Gauge.builder("braid_cluster_recommended_nodes", this, s -> s.of(role).recommended()).tag("role", role.wireName())
                    .description("nodes of the role the current load needs (see /rest/v2/cluster/scaling)").register(metrics);
        }
    }

    public synchronized List<ScalingAdvice> advice() {
        long now = System.currentTimeMillis();
        if (now - computedAt >= FRESH_MS) {
            last = advisor.advise(samples(now));
            computedAt = now;
        }
        return last;
    }

    private ScalingAdvice of(NodeRole role) {
        return advice().stream().filter(a -> a.role() == role).findFirst().orElseThrow();
    }

    private List<NodeSample> samples(long now) {
        List<NodeSample> samples = new ArrayList<>();
        for (Document n : nodes.list(null, null)) {
            if (!NodeStore.keepsItsWork(n, now) || n.getString("role") == null) {
                continue;
            }
            Document load = n.get("load", Document.class);
            samples.add(new NodeSample(n.getString("_id"), NodeRole.parse(n.getString("role")), number(n, "cpu"), number(n, "memory"),
                    Boolean.TRUE.equals(n.getBoolean("acceptingWork")),
                    load == null ? NodeLoad.IDLE : Json.read(load.toJson(), NodeLoad.class)));
        }
        return samples;
    }

    private static int number(Document d, String key) {
        Number n = d.get(key, Number.class);
        return n == null ? 0 : n.intValue();
    }
}
