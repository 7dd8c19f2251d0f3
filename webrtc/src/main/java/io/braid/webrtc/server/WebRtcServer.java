package io.braid.webrtc.server;

import io.braid.webrtc.dtls.DtlsCertificate;
import io.braid.webrtc.fanout.FanoutStats;
import io.braid.webrtc.fanout.StreamFanout;
import io.braid.webrtc.ice.HostCandidates;
import io.braid.webrtc.ice.IceCredentials;
import io.braid.webrtc.ice.IceRegistry;
import io.braid.webrtc.ice.IceTransportStats;
import io.braid.webrtc.ice.TcpIceListener;
import io.braid.webrtc.ice.UdpMux;
import io.braid.webrtc.peer.PeerSession;
import io.braid.webrtc.peer.SessionListener;
import io.braid.webrtc.rtcp.RtcpPacket;
import io.braid.webrtc.sdp.LocalMedia;
import io.braid.webrtc.sdp.LocalTransport;
import io.braid.webrtc.sdp.Negotiated;
import io.braid.webrtc.sdp.SdpException;
import io.braid.webrtc.sdp.SdpNegotiator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A node's WebRTC sending side: the shared UDP port (and ICE-TCP port), one DTLS certificate, and the sessions, each
 * attached to a {@link StreamFanout}. Sessions are made from a viewer's offer ({@link #answer}, WHEP) or from our
 * offer and the viewer's answer ({@link #offer} then {@link #complete}, Ant Media's WebSocket play). A timer closes
 * sessions whose consent lapsed and sends sender reports.
 */
public final class WebRtcServer implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final long CATCH_UP_RETRY_MILLIS = 500;
    private final WebRtcConfig config;
    private final BcTlsCrypto crypto = new BcTlsCrypto(RANDOM);
    private final DtlsCertificate certificate = DtlsCertificate.generate(crypto);
    private final IceRegistry registry = new IceRegistry();
    private final IceTransportStats transportStats = new IceTransportStats();
    private final FanoutStats fanoutStats = new FanoutStats();
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final UdpMux udp;
    private final TcpIceListener tcp;
    private final HostCandidates candidates;
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webrtc-timer");
        t.setDaemon(true);
        return t;
    });
    private final SessionEvents events;

    private record Entry(PeerSession session, StreamFanout stream) {
    }

    /** A session made from our offer, waiting for the viewer's answer. */
    public record Pending(String id, String offer, IceCredentials credentials, StreamFanout stream) {
    }

    public WebRtcServer(WebRtcConfig config, SessionEvents events) throws IOException, InterruptedException {
        this.config = config;
        this.events = events;
        UdpMux u = null;
        TcpIceListener t = null;
        try {
            u = new UdpMux(group, new InetSocketAddress(config.bind(), config.udpPort()), config.udpIo(), registry, transportStats);
            if (config.tcpPort() >= 0) {
                t = new TcpIceListener(group, new InetSocketAddress(config.bind(), config.tcpPort()), registry, transportStats);
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            // A port that would not bind: give back what was opened (the loop group holds a selector from the start).
            if (u != null) {
                u.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            timer.shutdownNow();
            throw e;
        }
        this.udp = u;
        this.tcp = t;
        this.candidates = new HostCandidates(config.advertised(), udp.port(), tcp == null ? 0 : tcp.port());
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    public int udpPort() {
        return udp.port();
    }

    /** How the UDP port does its I/O: "sendmmsg+gso", "sendmmsg" or "nio". */
    public String udpIo() {
        return udp.io();
    }

    public int tcpPort() {
        return tcp == null ? 0 : tcp.port();
    }

    public List<String> candidates() {
        return candidates.lines();
    }

    /** The ICE servers as WHIP/WHEP {@code Link} header values. */
    public List<String> iceServerLinks() {
        return iceServers().stream().map(WebRtcConfig.IceServer::link).toList();
    }

    public List<WebRtcConfig.IceServer> iceServers() {
        return config.iceServers();
    }

    /** Datagrams dropped on the shared port: from unknown addresses or of no known kind, and those its UDP socket dropped. */
    public long droppedDatagrams() {
        return transportStats.unknownSource.sum() + udp.dropped();
    }

    public IceTransportStats transportStats() {
        return transportStats;
    }

    public FanoutStats fanoutStats() {
        return fanoutStats;
    }

    public String fingerprint() {
        return certificate.fingerprint();
    }

    /** A new stream to fan out from this server; its figures count in {@link #fanoutStats()}. */
    public StreamFanout newStream(String label) {
        return new StreamFanout(label, fanoutStats);
    }

    /** Answers a viewer's offer for a stream; the session waits for its connectivity checks. */
    public PeerSession answer(String offer, StreamFanout stream) throws SdpException {
        IceCredentials credentials = IceCredentials.random();
        Negotiated negotiated = SdpNegotiator.answer(offer, media(stream), transport(credentials));
        return start(newId(), credentials, negotiated, stream);
    }

    /** Makes our offer for a stream (the viewer answers it, then {@link #complete}). */
    public Pending offer(StreamFanout stream) {
        IceCredentials credentials = IceCredentials.random();
        return new Pending(newId(), SdpNegotiator.offer(media(stream), transport(credentials)), credentials, stream);
    }

    public PeerSession complete(Pending pending, String answer) throws SdpException {
        Negotiated negotiated = SdpNegotiator.acceptAnswer(answer, pending.offer());
        return start(pending.id(), pending.credentials(), negotiated, pending.stream());
    }

    /** Restarts a session's ICE with the viewer's new ufrag; returns this side's new credentials. */
    public IceCredentials restartIce(PeerSession session, String remoteUfrag, String remotePassword) {
        IceCredentials fresh = IceCredentials.random();
        registry.remove(session);
        session.restartIce(fresh, remoteUfrag);
        registry.add(session);
        return fresh;
    }

    /**
     * Answers a publisher's offer (WHIP): the session takes media, handed to {@code publisher} with its RTCP; the
     * caller reads the answer from {@code session.negotiated().localSdp()}.
     */
    public PeerSession acceptPublisher(String offer, SessionListener publisher) throws SdpException {
        IceCredentials credentials = IceCredentials.random();
        Negotiated negotiated = SdpNegotiator.answerPublisher(offer, transport(credentials), "braid");
        String id = newId();
        PeerSession session = new PeerSession(id, credentials, negotiated, crypto, certificate, new PublisherListener(publisher));
        sessions.put(id, new Entry(session, null));
        registry.add(session);
        return session;
    }

    public PeerSession session(String id) {
        Entry e = sessions.get(id);
        return e == null ? null : e.session();
    }

    public Collection<PeerSession> sessions() {
        return sessions.values().stream().map(Entry::session).toList();
    }

    private PeerSession start(String id, IceCredentials credentials, Negotiated negotiated, StreamFanout stream) {
        PeerSession session = new PeerSession(id, credentials, negotiated, crypto, certificate, new Listener(stream));
        sessions.put(id, new Entry(session, stream));
        stream.attach(session);
        registry.add(session);
        return session;
    }

    private LocalMedia media(StreamFanout stream) {
        return new LocalMedia(stream.label(), "braid", stream.videoSsrc(), stream.audioSsrc(), stream.h264Profile(), true);
    }

    private LocalTransport transport(IceCredentials credentials) {
        return new LocalTransport(credentials.ufrag(), credentials.password(), certificate.fingerprint(), candidates.lines());
    }

    private static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void tick() {
        long now = System.nanoTime();
        try {
            for (Entry e : sessions.values()) {
                e.session().expireIfStale(now);
            }
            for (StreamFanout f : sessions.values().stream().map(Entry::stream).filter(java.util.Objects::nonNull).distinct().toList()) {
                f.senderReports();
            }
        } catch (RuntimeException e) {
            // a timer that dies would leave every stale session open; keep it alive
        }
    }

    private final class Listener implements SessionListener {
        private final StreamFanout stream;

        Listener(StreamFanout stream) {
            this.stream = stream;
        }

        @Override
        public void connected(PeerSession session) {
            events.started(session, stream);
            stream.connected(session);
            // No RTCP from the viewer half a second later: its catch-up may have arrived before its keys; send it again.
            timer.schedule(() -> {
                if (session.rtcpReceived.sum() == 0 && session.state() == io.braid.webrtc.peer.SessionState.CONNECTED) {
                    stream.resendCatchUp(session);
                }
            }, CATCH_UP_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void rtcp(PeerSession session, List<RtcpPacket> packets) {
            stream.rtcp(session, packets);
        }

        @Override
        public void closed(PeerSession session, String reason) {
            forget(session);
            stream.detach(session);
            events.ended(session, stream, reason, session.wasConnected());
        }
    }

    /** A publisher's session: its owner hears everything; the server forgets the session when it closes. */
    private final class PublisherListener implements SessionListener {
        private final SessionListener owner;

        PublisherListener(SessionListener owner) {
            this.owner = owner;
        }

        @Override
        public void connected(PeerSession session) {
            owner.connected(session);
        }

        @Override
        public void rtcp(PeerSession session, List<RtcpPacket> packets) {
            owner.rtcp(session, packets);
        }

        @Override
        public boolean takesMedia() {
            return true;
        }

        @Override
        public void rtp(PeerSession session, byte[] packet, int length) {
            owner.rtp(session, packet, length);
        }

        @Override
        public void closed(PeerSession session, String reason) {
            forget(session);
            owner.closed(session, reason);
        }
    }

    private void forget(PeerSession session) {
        sessions.remove(session.id());
        registry.remove(session);
        udp.forget(session);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Entry e : sessions.values()) {
            e.session().close("the server is stopping");
        }
        udp.close();
        if (tcp != null) {
            tcp.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
