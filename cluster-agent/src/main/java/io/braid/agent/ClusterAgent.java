package io.braid.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.braid.agent.heartbeat.HeartbeatPublisher;
import io.braid.agent.identity.AdvertisedAddress;
import io.braid.agent.identity.NodeDescriptor;
import io.braid.agent.identity.NodeIdStore;
import io.braid.agent.lifecycle.NodeDrain;
import io.braid.agent.lifecycle.NodeLeft;
import io.braid.agent.resources.HostMetrics;
import io.braid.agent.resources.ResourceGuard;
import io.braid.agent.resources.ResourceLimits;
import io.braid.agent.resources.ResourceSampler;
import io.braid.agent.resources.SystemResourcesReport;
import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;
import io.braid.core.cluster.NodeState;
import io.braid.core.event.EventIds;
import io.braid.core.event.HeartbeatEvent;
import io.braid.core.process.ParentWatch;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The part of every Braid service that makes it a cluster node: who it is, how loaded it is, whether it may take
 * new work, and a heartbeat every update period. Configuration keys follow Ant Media's where it has them
 * ({@code server.cpu_limit}, {@code server.memory_limit}, {@code nodeGroup}, {@code server.name}, {@code useGlobalIp}).
 */
@ApplicationScoped
public class ClusterAgent {
    private static final Logger LOG = Logger.getLogger(ClusterAgent.class);
    private static final String PORTS_PREFIX = "braid.node.ports.";

    @ConfigProperty(name = "braid.node.role")
    String role;
    @ConfigProperty(name = "braid.node.id")
    Optional<String> configuredId;
    @ConfigProperty(name = "braid.node.data-dir", defaultValue = "braid-data")
    Path dataDir;
    @ConfigProperty(name = "braid.node.ip")
    Optional<String> configuredIp;
    @ConfigProperty(name = "braid.node.update-period", defaultValue = "5s")
    Duration updatePeriod;
    @ConfigProperty(name = "braid.node.heartbeat.enabled", defaultValue = "true")
    boolean heartbeatEnabled;
    @ConfigProperty(name = "nodeGroup", defaultValue = "default")
    String nodeGroup;
    @ConfigProperty(name = "server.name")
    Optional<String> serverName;
    @ConfigProperty(name = "useGlobalIp", defaultValue = "false")
    boolean useGlobalIp;
    @ConfigProperty(name = ResourceLimits.CPU_KEY, defaultValue = "75")
    int cpuLimit;
    @ConfigProperty(name = ResourceLimits.MEMORY_KEY, defaultValue = "75")
    int memoryLimit;
    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092")
    String bootstrapServers;
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;
    @ConfigProperty(name = "braid.node.warm-up", defaultValue = "60s")
    Duration warmUp;
    @ConfigProperty(name = "braid.node.leave-delay", defaultValue = "3s")
    Duration leaveDelay;

    @Inject
    Config config;
    @Inject
    LocalFigures figures;
    @Inject
    Instance<NodeDrain> drains;
    @Inject
    Event<NodeLeft> left;

    private final long startTimeMs = System.currentTimeMillis();
    private NodeDescriptor self;
    private ResourceSampler sampler;
    private ResourceGuard guard;
    private ScheduledExecutorService samplerThread;
    private HeartbeatPublisher heartbeats;
    private volatile NodeState state = NodeState.SERVING;

    void onStart(@Observes StartupEvent event) {
        ParentWatch.startFromSystemProperty();
        ResourceLimits limits = new ResourceLimits(cpuLimit, memoryLimit);
        NodeRole nodeRole = NodeRole.parse(role);
        String id = NodeIdStore.resolve(configuredId, dataDir, nodeRole);
        String ip = AdvertisedAddress.resolve(configuredIp, useGlobalIp);
        self = new NodeDescriptor(id, nodeRole, nodeGroup, ip, serverName.filter(s -> !s.isBlank()).orElse(ip), advertisedPorts());
        sampler = new ResourceSampler(HostMetrics.system(), System::nanoTime);
        sampler.sample();
        guard = new ResourceGuard(sampler, limits, warmUp, () -> !figures.load().idle(), System::currentTimeMillis);
        samplerThread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("braid-resource-sampler").factory());
        samplerThread.scheduleAtFixedRate(sampler::sample, 1, 1, TimeUnit.SECONDS);
        if (heartbeatEnabled) {
            heartbeats = new HeartbeatPublisher(HeartbeatPublisher.producer(bootstrapServers, "heartbeat-" + id), this::heartbeat, updatePeriod);
            heartbeats.start();
        }
        LOG.infof("node %s (%s, group %s) at %s, ports %s; heartbeat every %d ms to %s; limits cpu %d%% memory %d%%",
                id, nodeRole.wireName(), nodeGroup, ip, self.ports(), updatePeriod.toMillis(), bootstrapServers, cpuLimit, memoryLimit);
    }

    /**
     * A planned leave, before any other part of the service shuts down (so it still serves while it drains): not ready
     * and no new work at once, told to the registry by a heartbeat now; then {@code braid.node.leave-delay} for
     * gateways and load balancers to notice (the gateway checks readiness every 2 s, and the registry's node_leaving
     * event makes it look at once); then each service's {@link NodeDrain}; then a last heartbeat saying the node left,
     * so the registry forgets it rather than reporting it DEAD 20 s later.
     */
    void onLeave(@Observes ShutdownDelayInitiatedEvent event) {
        // Quarkus fires this before it stops serving HTTP (with quarkus.shutdown.delay-enabled), and waits for it.
        leave();
    }

    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        leave(); // nothing left to do if the delay event came first
        if (heartbeats != null) {
            heartbeats.close();
        }
        if (samplerThread != null) {
            samplerThread.shutdownNow();
        }
    }

    private synchronized void leave() {
        if (heartbeats == null || state != NodeState.SERVING) {
            return;
        }
        state = NodeState.LEAVING;
        LOG.infof("node %s is leaving: not ready, no new work; draining in %d ms", self.nodeId(), leaveDelay.toMillis());
        heartbeats.beatNow();
        try {
            Thread.sleep(leaveDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (NodeDrain drain : drains) {
            try {
                drain.drain();
            } catch (RuntimeException e) {
                LOG.warnf("drain of %s failed: %s", drain.getClass().getSimpleName(), e.toString());
            }
        }
        state = NodeState.LEFT;
        HeartbeatEvent last = heartbeats.beatNow();
        if (last != null) {
            left.fire(new NodeLeft(last));
        }
        LOG.infof("node %s left the cluster", self.nodeId());
    }

    public HeartbeatEvent heartbeat() {
        NodeLoad load = figures.load();
        return new HeartbeatEvent(HeartbeatEvent.TYPE, HeartbeatEvent.VERSION, EventIds.next(), System.currentTimeMillis(),
                self.nodeId(), self.role(), self.nodeGroup(), self.ip(), self.serverName(), self.ports(),
                sampler.cpuPercent(), sampler.memoryPercent(), mayAcceptWork(), updatePeriod.toMillis(), load,
                figures.dbAverageQueryTimeMs(), systemResources(load), figures.viewers(), state);
    }

    /**
     * Sends a heartbeat shortly (within 250 ms) instead of at the next period, e.g. because viewer counts changed:
     * the registry's view then lags by well under a second rather than up to a whole period. Calls in the meantime share one beat.
     */
    public void reportSoon() {
        if (heartbeats != null) {
            heartbeats.beatSoon();
        }
    }

    /** This node's own system-resources-info document. */
    public ObjectNode systemResources() {
        return systemResources(figures.load());
    }

    private ObjectNode systemResources(NodeLoad load) {
        ObjectNode resources = SystemResourcesReport.build(new SystemResourcesReport.Inputs(self.nodeId(), version, sampler, load,
                figures.dbAverageQueryTimeMs(), startTimeMs, dataDir.toFile()));
        figures.describe(resources);
        return resources;
    }

    /**
     * Whether this node takes new work: it is serving (not leaving), within its CPU and memory limits, and its service
     * has no reason of its own to refuse.
     */
    public boolean mayAcceptWork() {
        return refusal().isEmpty();
    }

    /** Why this node would refuse new work now, or empty if it would take it. */
    public Optional<String> refusal() {
        if (state != NodeState.SERVING) {
            return Optional.of("nodeLeaving: node " + self.nodeId() + " is leaving the cluster");
        }
        Optional<String> resources = guard.refusal();
        return resources.isPresent() ? resources : figures.refusal();
    }

    public NodeState state() {
        return state;
    }

    public NodeDescriptor self() {
        return self;
    }

    public ResourceGuard guard() {
        return guard;
    }

    public Duration updatePeriod() {
        return updatePeriod;
    }

    /** {@code http} is this service's HTTP port; services add others as {@code braid.node.ports.<name>=<port>}. */
    private Map<String, Integer> advertisedPorts() {
        Map<String, Integer> ports = new TreeMap<>();
        ports.put("http", config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080));
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PORTS_PREFIX)) {
                ports.put(name.substring(PORTS_PREFIX.length()), config.getValue(name, Integer.class));
            }
        }
        return Map.copyOf(ports);
    }
}
