package io.braid.edge.viewer;

import io.braid.agent.ClusterAgent;
import io.braid.agent.LocalFigures;
import io.braid.agent.events.EventPublisher;
import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.StreamViewers;
import io.braid.core.event.EventIds;
import io.braid.core.event.Topics;
import io.braid.core.event.ViewerEvent;
import io.braid.edge.webrtc.WebRtcViewers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The edge's viewers as the cluster sees them: sessions started and ended (play_started / play_stopped on
 * {@link Topics#VIEWER_EVENTS}), per-stream counts in the heartbeat (an extra heartbeat follows any change, so the
 * registry's totals lag by about a second) and in Prometheus.
 */
@ApplicationScoped
public class EdgeViewers implements LocalFigures {
    private static final Logger LOG = Logger.getLogger(EdgeViewers.class);
    /** Keeps a heartbeat under Kafka's message size limit (see the registry's heartbeat checks). */
    private static final int MAX_REPORTED_STREAMS = 5000;
    public static final String PROTOCOL = "hls";

    @ConfigProperty(name = "braid.edge.session-timeout", defaultValue = "20s")
    Duration sessionTimeout;
    @ConfigProperty(name = "braid.edge.prefetch-window", defaultValue = "30s")
    Duration watchWindow;
    @ConfigProperty(name = "braid.edge.max-sessions", defaultValue = "200000")
    int maxSessions;
    @Inject
    ClusterAgent agent;
    @Inject
    EventPublisher events;
    @Inject
    MeterRegistry metrics;
    @Inject
    WebRtcViewers webRtc;

    private ViewerSessions sessions;
    private ScheduledExecutorService sweeper;
    /**
     * Sends viewer events off the request path: a Kafka send can block for seconds while the broker is away, and
     * viewer requests must never wait for analytics. The queue is bounded; events beyond it are dropped and counted.
     */
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000),
            Thread.ofPlatform().daemon().name("braid-viewer-events").factory(), (task, pool) -> this.dropped.increment());
    private Counter dropped;
    private MultiGauge perStream;
    private Counter refused;

    void onStart(@Observes StartupEvent event) {
        sessions();
        refused = metrics.counter("braid_edge_viewers_refused_total");
        dropped = metrics.counter("braid_edge_viewer_events_dropped_total");
        Gauge.builder("braid_edge_viewers", this, v -> v.sessions().total()).description("active HLS viewer sessions").register(metrics);
        perStream = MultiGauge.builder("braid_edge_stream_viewers").description("active HLS viewer sessions per stream").register(metrics);
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("braid-viewer-sweep").factory());
        sweeper.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** Before the event producer closes (it observes shutdown at the default priority): open sessions end here. */
    void onStop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        long now = System.currentTimeMillis();
        for (ViewerSessions.Session s : sessions().endAll()) {
            publish(ViewerEvent.PLAY_STOPPED, s, now);
        }
        sender.shutdown();
        try {
            sender.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized ViewerSessions sessions() {
        if (sessions == null) {
            sessions = new ViewerSessions(sessionTimeout.toMillis(), watchWindow.toMillis(), maxSessions, System::currentTimeMillis);
        }
        return sessions;
    }

    /**
     * Admits a viewer request.
     *
     * @param limit the stream's HLS viewer limit (negative = none)
     * @param clusterViewers the stream's viewers across the cluster as the registry last said
     */
    public ViewerSessions.Admission request(String app, String streamId, String key, String clientAddress, String userAgent,
                                            int limit, int clusterViewers) {
        ViewerSessions s = sessions();
        int others = Math.max(0, clusterViewers - s.reported(app, streamId));
        ViewerSessions.Admission a = s.request(app, streamId, key, clientAddress, userAgent, limit, others);
        if (a.started() != null) {
            publish(ViewerEvent.PLAY_STARTED, a.started(), a.started().startedAt());
            agent.reportSoon();
        } else if (!a.allowed()) {
            refused.increment();
        }
        return a;
    }

    @Override
    public NodeLoad load() {
        return new NodeLoad(0, 0, webRtc.total(), sessions().total(), 0, 0, 0, 0);
    }

    @Override
    public List<StreamViewers> viewers() {
        List<StreamViewers> hls = sessions().report(MAX_REPORTED_STREAMS);
        java.util.Map<String, Integer> webrtc = webRtc.counts();
        if (webrtc.isEmpty()) {
            return hls;
        }
        java.util.Map<String, StreamViewers> merged = new java.util.TreeMap<>();
        for (StreamViewers v : hls) {
            merged.put(Topics.streamKey(v.app(), v.streamId()), v);
        }
        webrtc.forEach((key, count) -> {
            int slash = key.indexOf('/');
            StreamViewers h = merged.get(key);
            merged.put(key, new StreamViewers(key.substring(0, slash), key.substring(slash + 1), h == null ? 0 : h.hls(),
                    h == null ? 0 : h.dash(), count));
        });
        return new ArrayList<>(merged.values()).subList(0, Math.min(merged.size(), MAX_REPORTED_STREAMS));
    }

    private void sweep() {
        try {
            List<ViewerSessions.Session> ended = sessions().expire();
            long now = System.currentTimeMillis();
            for (ViewerSessions.Session s : ended) {
                publish(ViewerEvent.PLAY_STOPPED, s, now);
            }
            if (!ended.isEmpty()) {
                agent.reportSoon();
            }
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (StreamViewers v : sessions().counts()) {
                rows.add(MultiGauge.Row.of(Tags.of("app", v.app(), "stream", v.streamId()), v.hls()));
            }
            perStream.register(rows, true);
        } catch (RuntimeException e) {
            LOG.warnf("viewer sweep failed: %s", e.getMessage());
        }
    }

    private void publish(String type, ViewerSessions.Session s, long time) {
        boolean stopped = ViewerEvent.PLAY_STOPPED.equals(type);
        publish(type, PROTOCOL, s.app(), s.streamId(), s.key(), s.clientAddress(), s.userAgent(), s.startedAt(),
                stopped ? s.durationMs() : 0, stopped ? s.bytes() : 0, time);
    }

    /** A viewer event of any protocol this edge serves, sent off the caller's thread. */
    public void publish(String type, String protocol, String app, String streamId, String session, String client, String userAgent,
                        long startedAt, long durationMs, long bytes, long time) {
        ViewerEvent event = new ViewerEvent(type, ViewerEvent.VERSION, EventIds.next(), time, app, streamId, protocol,
                agent.self().nodeId(), session, client, userAgent, startedAt, durationMs, bytes);
        sender.execute(() -> events.publish(Topics.VIEWER_EVENTS, Topics.streamKey(app, streamId), event));
    }
}
