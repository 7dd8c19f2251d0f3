package io.braid.edge.webrtc;

import io.braid.agent.ClusterAgent;
import io.braid.core.event.Topics;
import io.braid.core.event.ViewerEvent;
import io.braid.edge.origin.Location;
import io.braid.edge.viewer.EdgeViewers;
import io.braid.transcode.OpusFrameDuration;
import io.braid.webrtc.fanout.FanoutStats;
import io.braid.webrtc.fanout.StreamFanout;
import io.braid.webrtc.ice.HostCandidates;
import io.braid.webrtc.ice.IceTransportStats;
import io.braid.webrtc.ice.StunResponder;
import io.braid.webrtc.peer.PeerSession;
import io.braid.webrtc.server.SessionEvents;
import io.braid.webrtc.server.WebRtcConfig;
import io.braid.webrtc.server.WebRtcServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * WebRTC playback on this edge: the node's {@link WebRtcServer} (one UDP port, one ICE-TCP port), one
 * {@link LiveFeed} per watched stream (one pull from its origin, however many viewers), viewer counting and events,
 * and the figures in Prometheus. A stream's pull stops {@code braid.webrtc.idle-pull} after its last viewer.
 */
@ApplicationScoped
public class EdgeWebRtc implements SessionEvents {
    private static final Logger LOG = Logger.getLogger(EdgeWebRtc.class);
    public static final String PROTOCOL = "webrtc";

    @Inject
    WebRtcSettings settings;
    @Inject
    WebRtcViewers viewers;
    @Inject
    EdgeViewers events;
    @Inject
    ClusterAgent agent;
    @Inject
    MeterRegistry metrics;

    private volatile WebRtcServer server;
    private volatile OpusFrameDuration opusFrame;
    private final Map<String, LiveFeed> feeds = new ConcurrentHashMap<>();
    /** Who each session is, for its play_started / play_stopped events, and who else wants to hear of it. */
    private final Map<PeerSession, ViewerInfo> sessions = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;
    private final LongAdder feedsStarted = new LongAdder();

    /** {@code watcher}: the signalling connection that made the session, or null (WHEP). */
    record ViewerInfo(String app, String streamId, String client, String userAgent, long startedAt, SessionEvents watcher) {
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        if (!settings.enabled()) {
            LOG.info("WebRTC playback is off (braid.webrtc.enabled=false)");
            return;
        }
        opusFrame = OpusFrameDuration.of(settings.opusFrame()); // a wrong value stops the start, not the first viewer
        List<InetAddress> advertised = HostCandidates.resolve(settings.advertisedAddresses().orElse(List.of()));
        List<WebRtcConfig.IceServer> iceServers = WebRtcConfig.IceServer.parse(settings.iceServers().orElse(List.of()));
        server = new WebRtcServer(new WebRtcConfig(InetAddress.getByName(settings.bindAddress()), settings.udpPort(), settings.tcpPort(),
                advertised, iceServers, settings.udpIo()), this);
        LOG.infof("WebRTC on UDP %d (%s)%s; candidates: %s", server.udpPort(), server.udpIo(), server.tcpPort() > 0 ? " and ICE-TCP " + server.tcpPort() : "",
                String.join(" | ", server.candidates()));
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("braid-webrtc-feeds").factory());
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        registerMetrics();
    }

    void onStop(@Observes @Priority(Interceptor.Priority.APPLICATION - 1) ShutdownEvent event) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        WebRtcServer s = server;
        if (s != null) {
            s.close(); // ends every session: their play_stopped go out before the event producer closes
        }
        feeds.values().forEach(LiveFeed::stop);
    }

    /** Null when WebRTC is off. */
    public WebRtcServer server() {
        return server;
    }

    /** The stream's feed here, started (one pull from its origin) when it is the first WebRTC viewer's. */
    LiveFeed feed(String app, String streamId, Location.Live live) {
        String key = Topics.streamKey(app, streamId);
        LiveFeed f = feeds.compute(key, (k, old) -> {
            if (old != null && old.state() != LiveFeed.State.ENDED) {
                return old;
            }
            // lowLatency=1: the origin sends this play each message at once, not in its 100 ms merged writes;
            // audio=opus: a WHIP publisher's own Opus rather than the AAC the origin makes of it (no second transcode)
            LiveFeed created = new LiveFeed(app, streamId, live.rtmpUrl() + "/" + streamId + "?lowLatency=1&audio=opus", server.newStream(app + "/" + streamId),
                    opusFrame, this::ended);
            feedsStarted.increment();
            created.start();
            return created;
        });
        f.idleSinceMillis = System.currentTimeMillis();
        return f;
    }

    LiveFeed existingFeed(String app, String streamId) {
        return feeds.get(Topics.streamKey(app, streamId));
    }

    /** A session for a viewer was made: it counts from now (admission), and is announced when it connects. */
    void admitted(PeerSession session, String app, String streamId, String client, String userAgent, SessionEvents watcher) {
        sessions.put(session, new ViewerInfo(app, streamId, client, userAgent, System.currentTimeMillis(), watcher));
        viewers.added(app, streamId);
        agent.reportSoon();
    }

    @Override
    public void started(PeerSession session, StreamFanout stream) {
        ViewerInfo v = sessions.get(session);
        if (v == null) {
            return;
        }
        events.publish(ViewerEvent.PLAY_STARTED, PROTOCOL, v.app(), v.streamId(), session.id(), v.client(), v.userAgent(),
                v.startedAt(), 0, 0, System.currentTimeMillis());
        if (v.watcher() != null) {
            v.watcher().started(session, stream);
        }
    }

    @Override
    public void ended(PeerSession session, StreamFanout stream, String reason, boolean wasConnected) {
        ViewerInfo v = sessions.remove(session);
        if (v == null) {
            return;
        }
        viewers.removed(v.app(), v.streamId());
        LiveFeed f = existingFeed(v.app(), v.streamId());
        if (f != null) {
            f.idleSinceMillis = System.currentTimeMillis();
        }
        long now = System.currentTimeMillis();
        if (wasConnected) {
            events.publish(ViewerEvent.PLAY_STOPPED, PROTOCOL, v.app(), v.streamId(), session.id(), v.client(), v.userAgent(),
                    v.startedAt(), now - v.startedAt(), session.bytesSent.sum(), now);
        }
        agent.reportSoon();
        if (v.watcher() != null) {
            v.watcher().ended(session, stream, reason, wasConnected);
        }
    }

    /** The source of a feed ended: its viewers' sessions end with it. */
    private void ended(LiveFeed feed) {
        feeds.remove(Topics.streamKey(feed.app, feed.streamId), feed);
        WebRtcServer s = server;
        if (s == null) {
            return;
        }
        for (PeerSession session : s.sessions()) {
            ViewerInfo v = sessions.get(session);
            if (v != null && v.app().equals(feed.app) && v.streamId().equals(feed.streamId)) {
                session.close("the stream ended: " + feed.endReason());
            }
        }
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        for (LiveFeed f : feeds.values()) {
            if (f.fanout.viewerCount() == 0 && viewers.of(f.app, f.streamId) == 0 && now - f.idleSinceMillis > settings.idlePull().toMillis()) {
                if (feeds.remove(Topics.streamKey(f.app, f.streamId), f)) {
                    f.stop();
                }
            }
        }
    }

    int feedCount() {
        return feeds.size();
    }

    private void registerMetrics() {
        Gauge.builder("braid_edge_webrtc_viewers", viewers, WebRtcViewers::total).description("WebRTC viewer sessions").register(metrics);
        Gauge.builder("braid_edge_webrtc_feeds", this, EdgeWebRtc::feedCount).description("streams pulled from origins for WebRTC").register(metrics);
        FanoutStats f = server.fanoutStats();
        IceTransportStats t = server.transportStats();
        counter("braid_edge_webrtc_packets_out_total", "RTP packets sent to viewers", f.packetsOut);
        counter("braid_edge_webrtc_bytes_out_total", "RTP bytes sent to viewers", f.bytesOut);
        counter("braid_edge_webrtc_nacks_total", "NACK packets from viewers", f.nacksReceived);
        counter("braid_edge_webrtc_retransmits_total", "packets re-sent for NACKs", f.retransmitted);
        counter("braid_edge_webrtc_pli_total", "keyframe requests (PLI/FIR) from viewers", f.pictureLossRequests);
        counter("braid_edge_webrtc_feeds_started_total", "pulls started from origins", feedsStarted);
        FunctionCounter.builder("braid_edge_webrtc_dropped_datagrams_total", server, WebRtcServer::droppedDatagrams)
                .description("datagrams from unknown addresses, of no known kind, too long, or over the send queue").register(metrics);
        FunctionCounter.builder("braid_edge_webrtc_stun_refused_total", t, s -> s.stunCount(StunResponder.Outcome.BAD_INTEGRITY)
                + s.stunCount(StunResponder.Outcome.UNKNOWN_UFRAG) + s.stunCount(StunResponder.Outcome.MALFORMED)
                + s.stunCount(StunResponder.Outcome.BAD_FINGERPRINT)).description("STUN requests dropped").register(metrics);
        gauge("braid_edge_webrtc_rtt_ms", "round-trip time of the newest receiver report", f, s -> s.lastRoundTripMillis);
        gauge("braid_edge_webrtc_loss_ratio", "loss fraction of the newest receiver report", f, s -> s.lastLossFraction);
    }

    private void counter(String name, String help, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(help).register(metrics);
    }

    private <T> void gauge(String name, String help, T object, ToDoubleFunction<T> f) {
        Gauge.builder(name, object, f).description(help).register(metrics);
    }
}
