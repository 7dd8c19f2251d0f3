package io.braid.ingest.whip;

import io.braid.ingest.stream.Admission;
import io.braid.ingest.stream.PublishGate;
import io.braid.webrtc.fanout.StreamFanout;
import io.braid.webrtc.ice.HostCandidates;
import io.braid.webrtc.peer.PeerSession;
import io.braid.webrtc.receive.MediaReceiver;
import io.braid.webrtc.sdp.SdpException;
import io.braid.webrtc.server.SessionEvents;
import io.braid.webrtc.server.WebRtcConfig;
import io.braid.webrtc.server.WebRtcServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * WebRTC ingest on this origin: the node's {@link WebRtcServer} (one UDP port and one ICE-TCP port for every WHIP
 * publisher), the publishes in flight, the 20 ms timer that drives their receivers, and their link figures in
 * Prometheus ({@code braid_origin_whip_*}, per stream like SRT's).
 */
@ApplicationScoped
public class OriginWebRtc {
    private static final Logger LOG = Logger.getLogger(OriginWebRtc.class);
    static final long TICK_MILLIS = 20;

    @Inject
    WhipSettings settings;
    @Inject
    PublishGate gate;
    @Inject
    MeterRegistry metrics;

    private volatile WebRtcServer server;
    private final Map<String, WhipPublish> publishes = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    /**
     * The 20 ms tick, scheduled only while a publish is held: an origin without WHIP publishers should not wake 50
     * times a second (JFR put that at 0.26 % of this 2-core machine's CPU, on an origin with none). Its own lock,
     * never held while calling out: a publish's end arrives here holding that publish's lock.
     */
    private ScheduledFuture<?> ticking;
    private final Object tickingLock = new Object();
    private MultiGauge loss;
    private MultiGauge jitter;
    private MultiGauge nacks;
    private MultiGauge roundTrip;

    void onStart(@Observes StartupEvent event) throws Exception {
        if (!settings.enabled()) {
            LOG.info("WHIP ingest is off (braid.whip.enabled=false)");
            return;
        }
        List<InetAddress> advertised = HostCandidates.resolve(settings.advertisedAddresses().orElse(List.of()));
        List<WebRtcConfig.IceServer> iceServers = WebRtcConfig.IceServer.parse(settings.iceServers().orElse(List.of()));
        try {
            server = new WebRtcServer(new WebRtcConfig(InetAddress.getByName(settings.bindAddress()), settings.udpPort(), settings.tcpPort(),
                    advertised, iceServers, settings.udpIo()), NO_VIEWERS);
        } catch (java.io.IOException e) {
            LOG.errorf("WHIP ingest is off: UDP %d: %s (RTMP and SRT ingest go on)", settings.udpPort(), e.getMessage());
            return;
        }
        LOG.infof("WHIP on UDP %d (%s)%s; candidates: %s", server.udpPort(), server.udpIo(), server.tcpPort() > 0 ? " and ICE-TCP " + server.tcpPort() : "",
                String.join(" | ", server.candidates()));
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("braid-whip-timer").factory());
        registerMetrics();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Ends every WHIP publish (each reports its end) and stops the transport; a second call does nothing. */
    public synchronized void stop() {
        WebRtcServer s = server;
        server = null;
        if (timer != null) {
            timer.shutdownNow();
        }
        if (s != null) {
            s.close();
        }
    }

    /** Null when WHIP is off. */
    WebRtcServer server() {
        return server;
    }

    /**
     * Answers a granted publish's offer; the publish is held here until its session closes.
     *
     * @throws SdpException an offer Braid cannot take (the claim is released)
     */
    PeerSession accept(WebRtcServer s, String offer, Admission.Granted granted) throws SdpException {
        WhipPublish publish = new WhipPublish(granted, gate, settings.aacBitrate(), settings.mediaTimeout().toNanos(), this::ended);
        PeerSession session;
        try {
            session = s.acceptPublisher(offer, publish);
        } catch (SdpException | RuntimeException e) {
            gate.abandon(granted, WhipPublish.PROTOCOL);
            throw e;
        }
        publish.session(session);
        publishes.put(session.id(), publish);
        if (publish.state() == WhipPublish.State.ENDED) {
            publishes.remove(session.id(), publish); // it closed before it was put here
        }
        tickWhileHeld();
        return session;
    }

    private void ended(WhipPublish publish) {
        PeerSession s = publish.session();
        if (s != null) {
            publishes.remove(s.id(), publish);
        }
        tickWhileHeld();
    }

    /** Starts the tick when a publish is held, stops it when none is. */
    private void tickWhileHeld() {
        synchronized (tickingLock) {
            boolean wanted = !publishes.isEmpty() && timer != null && !timer.isShutdown();
            if (wanted && ticking == null) {
                ticking = timer.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            } else if (!wanted && ticking != null) {
                ticking.cancel(false);
                ticking = null;
            }
        }
    }

    int publishCount() {
        return publishes.size();
    }

    private void tick() {
        long now = System.nanoTime();
        for (WhipPublish p : publishes.values()) {
            try {
                p.tick(now);
            } catch (RuntimeException e) {
                // One publisher's failure ends that publish, not the timer every publisher depends on.
                LOG.warnf(e, "WHIP %s/%s failed", p.granted().app(), p.granted().streamId());
                PeerSession s = p.session();
                if (s != null) {
                    s.close("ingest failed: " + e);
                }
            }
        }
    }

    /** Per-stream link figures for Prometheus; the broadcast record gets them with each refresh. */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sampleLinks() {
        if (loss == null) {
            return;
        }
        register(loss, f -> f.lossRatio());
        register(jitter, MediaReceiver.Figures::jitterMs);
        register(nacks, f -> f.nacksSent());
        register(roundTrip, f -> f.roundTripMs() < 0 ? Double.NaN : f.roundTripMs());
    }

    private void register(MultiGauge gauge, ToDoubleFunction<MediaReceiver.Figures> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (WhipPublish p : publishes.values()) {
            MediaReceiver.Figures f = p.figures();
            double v = f == null ? Double.NaN : value.applyAsDouble(f);
            if (!Double.isNaN(v)) { // NaN: not known yet (no round trip before a repaired loss)
                rows.add(MultiGauge.Row.of(Tags.of("app", p.granted().app(), "stream", p.granted().streamId()), v));
            }
        }
        gauge.register(rows, true);
    }

    private void registerMetrics() {
        loss = MultiGauge.builder("braid_origin_whip_packet_loss_ratio").description("WHIP packets lost for good / all, per stream").register(metrics);
        jitter = MultiGauge.builder("braid_origin_whip_jitter_ms").description("WHIP interarrival jitter (RFC 3550), per stream").register(metrics);
        nacks = MultiGauge.builder("braid_origin_whip_nacks").description("NACKs sent to the WHIP publisher, per stream").register(metrics);
        roundTrip = MultiGauge.builder("braid_origin_whip_rtt_ms")
                .description("WHIP round trip from a NACK to the packet it asked for, smoothed, per stream").register(metrics);
        io.micrometer.core.instrument.Gauge.builder("braid_origin_whip_sessions", this, OriginWebRtc::publishCount)
                .description("WHIP sessions, connecting or live").register(metrics);
        FunctionCounter.builder("braid_origin_whip_dropped_datagrams_total", this, o -> o.server == null ? 0 : o.server.droppedDatagrams())
                .description("datagrams from unknown addresses, of no known kind, or too long").register(metrics);
    }

    /** An origin's server has no viewers; its publishers' sessions report through their own listener. */
    private static final SessionEvents NO_VIEWERS = new SessionEvents() {
        @Override
        public void started(PeerSession session, StreamFanout stream) {
        }

        @Override
        public void ended(PeerSession session, StreamFanout stream, String reason, boolean wasConnected) {
        }
    };
}
