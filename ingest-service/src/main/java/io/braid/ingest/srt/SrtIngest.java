package io.braid.ingest.srt;

import io.braid.core.broadcast.LinkStats;
import io.braid.ingest.stream.Admission;
import io.braid.ingest.stream.LiveStream;
import io.braid.ingest.stream.PublishGate;
import io.braid.media.ts.TsDemuxer;
import io.braid.media.ts.TsToFrames;
import io.braid.srt.SrtConnection;
import io.braid.srt.SrtListener;
import io.braid.srt.SrtStats;
import io.braid.srt.SrtStreamId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import java.util.ArrayList;
import java.util.List;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * SRT ingest (MPEG-TS over SRT, live mode) into the same pipeline as RTMP. The publishing rules run during the SRT
 * handshake, so a refused caller is told why with SRT's reject reason (1400 bad stream id, 1404 unknown app, 1402
 * overloaded, 1409 in use, 1403 forbidden, 1503 registry down); an app's {@code srtPassphrase} is set on the
 * connection there too, so a wrong one fails the handshake. The TS is demuxed into the stream core's frames
 * ({@link TsToFrames}), so HLS, RTMP play, transcoders and edges treat SRT streams like any other.
 */
@ApplicationScoped
public class SrtIngest {
    private static final Logger LOG = Logger.getLogger(SrtIngest.class);
    static final String PROTOCOL = "SRT";
    /** A caller accepted by the hook whose connection never arrives (its handshake failed later) is let go after this. */
    private static final long PENDING_MS = 5_000;
    private static final long HOOK_WAIT_MS = 3_000;

    private record Pending(Admission.Granted granted, long since) {
    }

    private record Live(SrtConnection connection, Admission.Granted granted) {
    }

    @ConfigProperty(name = "braid.srt.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "braid.srt.host", defaultValue = "0.0.0.0")
    String host;
    @ConfigProperty(name = "braid.srt.port", defaultValue = "4200")
    int port;
    @ConfigProperty(name = "braid.srt.latency", defaultValue = "120")
    int latencyMs;

    @Inject
    PublishGate gate;
    @Inject
    MeterRegistry metrics;

    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final Map<Integer, Live> connections = new ConcurrentHashMap<>();
    private MultiGauge rtt;
    private MultiGauge loss;
    private MultiGauge rate;
    private volatile SrtListener listener;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        String missing = SrtListener.unavailableReason();
        if (missing != null) {
            LOG.warnf("SRT ingest is off: %s", missing);
            return;
        }
        rtt = MultiGauge.builder("braid_origin_srt_rtt_ms").description("SRT round trip per stream").register(metrics);
        loss = MultiGauge.builder("braid_origin_srt_packet_loss_ratio").description("SRT packets lost before retransmission / all").register(metrics);
        rate = MultiGauge.builder("braid_origin_srt_receive_mbps").description("SRT receive rate per stream").register(metrics);
        try {
            listener = SrtListener.open(host, port, latencyMs, this::decide);
        } catch (io.braid.srt.SrtException e) {
            LOG.errorf("SRT ingest is off: %s (RTMP ingest goes on)", e.getMessage());
            return;
        }
        Thread.ofPlatform().daemon().name("braid-srt-accept").start(this::acceptLoop);
        LOG.infof("SRT listening on %s:%d (latency %d ms)", host, port, latencyMs);
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Closes every SRT publish (each reports its end) and the listener; a second call does nothing. */
    public synchronized void stop() {
        SrtListener l = listener;
        listener = null;
        connections.values().forEach(live -> live.connection().close());
        if (l != null) {
            l.close(); // last: it also stops libsrt's threads
        }
    }

    /**
     * On a libsrt thread, during the handshake. That thread was not made by the JVM: it has no context class loader,
     * and Quarkus needs the application's to create beans and read configuration, so it gets it for the call.
     */
    private SrtListener.Decision decide(SrtListener.Handshake h) {
        Thread self = Thread.currentThread();
        ClassLoader before = self.getContextClassLoader();
        self.setContextClassLoader(SrtIngest.class.getClassLoader());
        try {
            return decideWithRules(h);
        } finally {
            self.setContextClassLoader(before);
        }
    }

    private SrtListener.Decision decideWithRules(SrtListener.Handshake h) {
        expirePending();
        SrtStreamId id = SrtStreamId.parse(h.streamId());
        if (!id.valid()) {
            return reject(SrtListener.REJECT_BAD_REQUEST, id.problem(), h);
        }
        if (!SrtStreamId.PUBLISH.equals(id.mode())) {
            return reject(SrtListener.REJECT_BAD_MODE, "playing over SRT (m=" + id.mode() + ") is not supported yet; play HLS", h);
        }
        if (io.braid.core.hls.HlsFile.isDerived(id.streamId())) {
            return reject(SrtListener.REJECT_FORBIDDEN, id.streamId() + " is a rendition name; renditions are published by transcoders", h);
        }
        Admission admission;
        try {
            admission = gate.admit(id.app(), id.streamId(), PROTOCOL).toCompletableFuture().get(HOOK_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return reject(SrtListener.REJECT_DOWN, "could not decide in time: " + e, h);
        }
        if (admission instanceof Admission.Refused r) {
            int code = switch (r.kind()) {
                case BAD_NAME -> SrtListener.REJECT_BAD_REQUEST;
                case BAD_APP -> SrtListener.REJECT_NOT_FOUND;
                case OVERLOAD -> SrtListener.REJECT_OVERLOAD;
                case IN_USE -> SrtListener.REJECT_CONFLICT;
                case FORBIDDEN -> SrtListener.REJECT_FORBIDDEN;
                case UNAVAILABLE -> SrtListener.REJECT_DOWN;
            };
            return reject(code, r.message(), h);
        }
        Admission.Granted g = (Admission.Granted) admission;
        pending.put(h.socket(), new Pending(g, System.currentTimeMillis()));
        return new SrtListener.Decision.Accept(g.srtPassphrase());
    }

    private SrtListener.Decision reject(int code, String why, SrtListener.Handshake h) {
        LOG.infof("refused SRT publish '%s' from %s: %d %s", h.streamId().length() > 200 ? h.streamId().substring(0, 200) + "..." : h.streamId(),
                h.peer(), code, why);
        return new SrtListener.Decision.Reject(code, why);
    }

    /** Callers whose handshake failed after the hook (a wrong passphrase) never arrive: their claims are released. */
    private void expirePending() {
        long now = System.currentTimeMillis();
        pending.entrySet().removeIf(e -> {
            if (now - e.getValue().since() > PENDING_MS) {
                LOG.infof("SRT caller for %s/%s never completed its handshake (wrong passphrase?)", e.getValue().granted().app(),
                        e.getValue().granted().streamId());
                gate.abandon(e.getValue().granted(), PROTOCOL);
                return true;
            }
            return false;
        });
    }

    private void acceptLoop() {
        while (listener != null) {
            SrtListener l = listener;
            SrtConnection c = l == null ? null : l.accept();
            if (c == null) {
                return;
            }
            Pending p = pending.remove(c.socket());
            if (p == null) {
                LOG.warnf("SRT connection %d from %s was not admitted; closing it", c.socket(), c.peer());
                c.close();
                continue;
            }
            connections.put(c.socket(), new Live(c, p.granted()));
            Thread.ofPlatform().daemon().name("braid-srt-" + p.granted().app() + "/" + p.granted().streamId()).start(() -> read(c, p.granted()));
        }
    }

    private void read(SrtConnection c, Admission.Granted g) {
        LiveStream stream = gate.start(g, PROTOCOL, () -> link(c));
        TsToFrames frames = new TsToFrames(stream);
        TsDemuxer demuxer = new TsDemuxer(frames);
        byte[] buffer = new byte[2048];
        String reason = "the publisher disconnected";
        try {
            for (int n = c.receive(buffer); n > 0; n = c.receive(buffer)) {
                metrics.counter("braid_ingest_received_bytes").increment(n);
                demuxer.feed(buffer, 0, n);
            }
            demuxer.finish(); // the last PES of each stream ends with the connection
            if (c.endReason() != null) {
                reason = c.endReason();
            }
        } catch (RuntimeException e) {
            reason = "ingest failed: " + e;
            LOG.warnf(e, "SRT stream %s/%s failed", g.app(), g.streamId());
        } finally {
            TsDemuxer.Counters counters = demuxer.counters();
            metrics.counter("braid_origin_srt_ts_errors", "kind", "continuity").increment(counters.continuityErrors());
            metrics.counter("braid_origin_srt_ts_errors", "kind", "malformed").increment(counters.malformed() + counters.resyncs());
            metrics.counter("braid_origin_srt_ts_errors", "kind", "dropped_pes").increment(counters.droppedPes() + frames.skipped());
            connections.remove(c.socket());
            c.close();
            stream.closed(reason);
        }
    }

    /** Per-stream link figures for Prometheus; the broadcast record gets them with each refresh. */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sampleLinks() {
        expirePending();
        if (rtt == null) {
            return;
        }
        List<MultiGauge.Row<?>> r = new ArrayList<>();
        List<MultiGauge.Row<?>> l = new ArrayList<>();
        List<MultiGauge.Row<?>> m = new ArrayList<>();
        for (Live live : connections.values()) {
            SrtStats s = live.connection().stats();
            if (s != null) {
                Tags tags = Tags.of("app", live.granted().app(), "stream", live.granted().streamId());
                r.add(MultiGauge.Row.of(tags, s.rttMs()));
                l.add(MultiGauge.Row.of(tags, s.lossRatio()));
                m.add(MultiGauge.Row.of(tags, s.receiveRateMbps()));
            }
        }
        rtt.register(r, true);
        loss.register(l, true);
        rate.register(m, true);
    }

    private static LinkStats link(SrtConnection c) {
        SrtStats s = c.stats();
        if (s == null) {
            return null;
        }
        return new LinkStats(Math.round(s.rttMs() * 100) / 100.0, s.packetsLost(), Math.round(s.lossRatio() * 10_000) / 10_000.0,
                s.packetsRetransmitted(), s.packetsDropped(), s.receiveBufferMs(), 0.0);
    }
}
