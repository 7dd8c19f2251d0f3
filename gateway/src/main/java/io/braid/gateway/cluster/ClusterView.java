package io.braid.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.core.http.InternalHttp;
import io.braid.core.json.Json;
import io.braid.gateway.route.BoundedLoadRing;
import io.braid.gateway.route.Upstream;
import io.braid.gateway.route.UpstreamHealth;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateway's picture of the cluster: the ALIVE nodes by role that are not leaving, with group, ports, load and whether they accept
 * work, read from the registry's {@code /rest/v2/cluster-nodes} every {@code braid.gateway.refresh} and at once on
 * a {@code braid.cluster.status} event (the registry keeps it from heartbeats), and each node's health as the
 * gateway sees it. Requests read this picture only: no
 * database and no registry call per request. With no registry answering, the last picture is kept.
 */
@ApplicationScoped
public class ClusterView {
    private static final Logger LOG = Logger.getLogger(ClusterView.class);
    /** Enough points per edge that two edges split streams within a few percent of half each. */
    private static final int VIRTUAL_NODES = 512;

    /** One consistent picture, replaced as a whole. */
    public record Snapshot(Map<String, List<Upstream>> byRole, BoundedLoadRing<Upstream> edgeRing) {
        public List<Upstream> role(String role) {
            return byRole.getOrDefault(role, List.of());
        }
    }

    @ConfigProperty(name = "braid.registry.url")
    List<String> bootstrapRegistries;
    @ConfigProperty(name = "braid.gateway.refresh", defaultValue = "1s")
    Duration refresh;
    @ConfigProperty(name = "braid.gateway.max-fails", defaultValue = "3")
    int maxFails;
    @ConfigProperty(name = "braid.gateway.fail-timeout", defaultValue = "30s")
    Duration failTimeout;

    private final HttpClient http = InternalHttp.client(Duration.ofSeconds(1));
    private final Map<String, UpstreamHealth> health = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger nextRegistry = new AtomicInteger();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), new BoundedLoadRing<>(List.of(), Upstream::nodeId, 1));
    private ScheduledExecutorService poller;
    private volatile boolean warnedUnreachable;

    void onStart(@Observes StartupEvent event) {
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("braid-cluster-view").factory());
        poller.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public UpstreamHealth health(Upstream u) {
        return health.computeIfAbsent(u.nodeId(), id -> new UpstreamHealth(maxFails, failTimeout.toMillis(), System::currentTimeMillis));
    }

    public boolean healthy(Upstream u) {
        return health(u).available();
    }

    /** Requests this gateway has in flight to the node: immediate feedback for balancing, before heartbeats catch up. */
    public AtomicInteger inFlight(Upstream u) {
        return inFlight.computeIfAbsent(u.nodeId(), id -> new AtomicInteger());
    }

    /** The registries to try, healthy ones first, rotating so load spreads; the configured ones when none is known. */
    public List<String> registryUrls() {
        List<String> urls = new ArrayList<>();
        List<Upstream> registries = snapshot.role("registry");
        int start = Math.floorMod(nextRegistry.getAndIncrement(), Math.max(1, registries.size()));
        for (int i = 0; i < registries.size(); i++) {
            Upstream r = registries.get((start + i) % registries.size());
            if (healthy(r) && r.address("http") != null) {
                urls.add("http://" + r.address("http"));
            }
        }
        for (String b : bootstrapRegistries) {
            if (!urls.contains(b)) {
                urls.add(b);
            }
        }
        return urls;
    }

    /** Reads the registry's node list now (a node's status changed), off the caller's thread. */
    public void refreshSoon() {
        if (poller != null) {
            poller.execute(this::refresh);
        }
    }

    void refresh() {
        for (String registry : registryUrls()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(registry + "/rest/v2/cluster-nodes"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    snapshot = parse(Json.read(r.body(), JsonNode.class));
                    if (warnedUnreachable) {
                        LOG.info("registry answering again; cluster view current");
                        warnedUnreachable = false;
                    }
                    return;
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (!warnedUnreachable) {
            LOG.warnf("no registry answered %s; routing on the last cluster view", registryUrls());
            warnedUnreachable = true;
        }
    }

    static Snapshot parse(JsonNode nodes) {
        Map<String, List<Upstream>> byRole = new HashMap<>();
        for (JsonNode n : nodes) {
            // A leaving node finishes what it has but gets nothing new: it is out of every rotation at once.
            if (!"ALIVE".equals(n.path("status").asText()) || "leaving".equals(n.path("state").asText())) {
                continue;
            }
            Map<String, Integer> ports = new HashMap<>();
            n.path("ports").fields().forEachRemaining(p -> ports.put(p.getKey(), p.getValue().asInt()));
            String role = n.path("role").asText();
            JsonNode load = n.path("load");
            long figure = switch (role) {
                case "origin" -> load.path("localLiveStreams").asLong();
                case "edge" -> load.path("localHLSViewers").asLong() + load.path("localDASHViewers").asLong();
                default -> 0;
            };
            byRole.computeIfAbsent(role, r -> new ArrayList<>()).add(new Upstream(n.path("id").asText(), role,
                    n.path("nodeGroup").asText("default"), n.path("ip").asText(), Map.copyOf(ports), n.path("cpu").asInt(),
                    n.path("memory").asInt(), n.path("acceptingWork").asBoolean(true), figure));
        }
        byRole.replaceAll((role, list) -> List.copyOf(list));
        return new Snapshot(Map.copyOf(byRole), new BoundedLoadRing<>(byRole.getOrDefault("edge", List.of()), Upstream::nodeId, VIRTUAL_NODES));
    }
}
