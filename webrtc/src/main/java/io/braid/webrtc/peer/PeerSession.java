package io.braid.webrtc.peer;

import io.braid.webrtc.dtls.DtlsCertificate;
import io.braid.webrtc.dtls.DtlsListener;
import io.braid.webrtc.dtls.DtlsPeer;
import io.braid.webrtc.ice.IceCredentials;
import io.braid.webrtc.ice.IceSession;
import io.braid.webrtc.ice.TransportPath;
import io.braid.webrtc.rtcp.RtcpException;
import io.braid.webrtc.rtcp.RtcpParser;
import io.braid.webrtc.rtp.RtpPacket;
import io.braid.webrtc.sdp.DtlsRole;
import io.braid.webrtc.sdp.Negotiated;
import io.braid.webrtc.srtp.SrtpContext;
import io.braid.webrtc.srtp.SrtpException;
import io.braid.webrtc.srtp.SrtpKeys;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * One peer's WebRTC transport on an ICE-lite node: the path its connectivity checks chose, a DTLS association in
 * the negotiated role, and SRTP both ways. A viewer's session sends media ({@link #send}; the stream's packets are
 * shared, and only this session's copy is encrypted) and takes RTCP; a publisher's (WHIP) takes media, handed to its
 * listener's {@link SessionListener#rtp}, and sends RTCP feedback ({@link #sendRtcp}).
 */
public final class PeerSession implements IceSession {
    /** RFC 7675: without a consent check for this long, stop sending. Browsers check about every 5 s. */
    public static final long CONSENT_TIMEOUT_NANOS = 30_000_000_000L;
    /**
     * As DTLS server we finish the handshake one flight before the viewer does, and SRTP it receives before its own
     * handshake ends is dropped. So media waits for the viewer's first SRTCP packet or this long, whichever is first.
     */
    static final long SERVER_ROLE_MEDIA_DELAY_MILLIS = 100;
    /** A session that never completes ICE and DTLS in this time is abandoned. */
    public static final long SETUP_TIMEOUT_NANOS = 15_000_000_000L;

    private final String id;
    private volatile IceCredentials local;
    private volatile String remoteUfrag;
    private final Negotiated negotiated;
    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final SessionListener listener;
    private final AtomicReference<SessionState> state = new AtomicReference<>(SessionState.NEW);
    private final long createdNanos = System.nanoTime();
    private volatile long connectedNanos;
    private volatile long lastConsentNanos;
    private volatile TransportPath path;
    private volatile DtlsPeer dtls;
    private volatile SrtpContext sending;
    private volatile SrtpContext receiving;
    private volatile String closeReason;
    private volatile boolean wasConnected;
    public final LongAdder packetsSent = new LongAdder();
    public final LongAdder bytesSent = new LongAdder();
    public final LongAdder rtcpReceived = new LongAdder();
    public final LongAdder rtcpDropped = new LongAdder();
    public final LongAdder rtpReceived = new LongAdder();
    public final LongAdder rtpDropped = new LongAdder();

    public PeerSession(String id, IceCredentials local, Negotiated negotiated, BcTlsCrypto crypto, DtlsCertificate certificate,
            SessionListener listener) {
        this.id = id;
        this.local = local;
        this.negotiated = negotiated;
        this.remoteUfrag = negotiated.remoteUfrag();
        this.crypto = crypto;
        this.certificate = certificate;
        this.listener = listener;
    }

    public String id() {
        return id;
    }

    public Negotiated negotiated() {
        return negotiated;
    }

    public SessionState state() {
        return state.get();
    }

    /** When this side's DTLS completed and media could flow (System.nanoTime()); 0 before. */
    public long connectedNanos() {
        return connectedNanos;
    }

    /** Whether DTLS ever completed (a viewer who played, as against one who never connected). */
    public boolean wasConnected() {
        return wasConnected;
    }

    public String closeReason() {
        return closeReason;
    }

    /** The path media goes out on, or null before the first check. */
    public TransportPath path() {
        return path;
    }

    @Override
    public IceCredentials localCredentials() {
        return local;
    }

    @Override
    public String remoteUfrag() {
        return remoteUfrag;
    }

    /**
     * An ICE restart (WHEP PATCH with new credentials): new ufrags both sides; DTLS and SRTP carry on over whatever
     * path the new checks pick. The caller re-registers the session under its new ufrag.
     */
    public void restartIce(IceCredentials newLocal, String newRemoteUfrag) {
        this.local = newLocal;
        this.remoteUfrag = newRemoteUfrag;
    }

    @Override
    public void connectivityCheck(TransportPath checked, boolean nominated) {
        if (state.get() == SessionState.CLOSED) {
            return;
        }
        lastConsentNanos = System.nanoTime();
        TransportPath current = path;
        if (current == null || (nominated && !current.remote().equals(checked.remote()))) {
            path = checked;
        }
        if (state.compareAndSet(SessionState.NEW, SessionState.HANDSHAKING)) {
            DtlsPeer peer = new DtlsPeer(crypto, certificate, negotiated.localRole(), negotiated.remoteFingerprintAlgorithm(),
                    negotiated.remoteFingerprint(), this::sendRaw, new Handshake());
            dtls = peer;
            peer.start();
        }
    }

    @Override
    public void dtls(TransportPath from, byte[] record) {
        DtlsPeer peer = dtls;
        if (peer != null) {
            peer.receive(record);
        }
    }

    @Override
    public void srtp(TransportPath from, byte[] packet) {
        SrtpContext in = receiving;
        boolean rtcp = RtcpParser.isRtcp(packet, 0, packet.length);
        if (in == null && listener.takesMedia()) {
            synchronized (early) {
                if (receiving == null) {
                    if (early.size() < MAX_EARLY) {
                        early.add(packet);
                    } else {
                        rtpDropped.increment();
                    }
                    return;
                }
                in = receiving; // the keys came in meanwhile
            }
        }
        if (in == null || !rtcp && !listener.takesMedia()) {
            // Before the keys, or RTP from a player (it sends none): ignored.
            (rtcp ? rtcpDropped : rtpDropped).increment();
            return;
        }
        deliver(in, packet, rtcp);
    }

    private void deliver(SrtpContext in, byte[] packet, boolean rtcp) {
        try {
            int length;
            synchronized (in) {
                length = rtcp ? in.unprotectRtcp(packet, 0, packet.length) : in.unprotectRtp(packet, 0, packet.length);
            }
            // Authenticated SRTP proves the peer is there: a publisher that sends media needs no other consent sign.
            lastConsentNanos = System.nanoTime();
            mediaReady();
            if (rtcp) {
                rtcpReceived.increment();
                listener.rtcp(this, RtcpParser.parse(packet, 0, length));
            } else {
                rtpReceived.increment();
                listener.rtp(this, packet, length);
            }
        } catch (SrtpException | RtcpException e) {
            (rtcp ? rtcpDropped : rtpDropped).increment();
        }
    }

    /** Encrypts this viewer's copy of a stream packet (its payload type, SSRC and timestamp) and sends it. */
    public void send(RtpPacket packet, int payloadType, int ssrc, long timestamp) {
        SrtpContext out = sending;
        TransportPath p = path;
        if (out == null || p == null || state.get() != SessionState.CONNECTED) {
            return;
        }
        byte[] buf = new byte[packet.length() + out.rtpOverhead()];
        packet.copyTo(buf, payloadType, ssrc, timestamp);
        int length;
        synchronized (out) {
            length = out.protectRtp(buf, 0, packet.length());
        }
        packetsSent.increment();
        bytesSent.add(length);
        p.send(buf, 0, length);
    }

    /** Encrypts and sends a compound RTCP packet (sender reports, SDES). */
    public void sendRtcp(byte[] compound) {
        SrtpContext out = sending;
        TransportPath p = path;
        if (out == null || p == null || state.get() != SessionState.CONNECTED) {
            return;
        }
        byte[] packet = out.protectRtcpCopy(compound);
        p.send(packet, 0, packet.length);
    }

    /** Closes when consent lapsed or setup took too long; returns whether it closed. */
    public boolean expireIfStale(long nowNanos) {
        SessionState s = state.get();
        if (s == SessionState.CLOSED) {
            return false;
        }
        if (s != SessionState.CONNECTED && nowNanos - createdNanos > SETUP_TIMEOUT_NANOS) {
            close(s == SessionState.NEW ? "no ICE connectivity check arrived within 15 s" : "DTLS did not complete within 15 s");
            return true;
        }
        if (s == SessionState.CONNECTED && nowNanos - lastConsentNanos > CONSENT_TIMEOUT_NANOS) {
            close("the peer sent no consent check or media for 30 s");
            return true;
        }
        return false;
    }

    public void close(String reason) {
        SessionState before = state.getAndSet(SessionState.CLOSED);
        if (before == SessionState.CLOSED) {
            return;
        }
        closeReason = reason;
        DtlsPeer peer = dtls;
        if (peer != null) {
            peer.close();
        }
        listener.closed(this, reason);
    }

    /** Both sides hold the SRTP keys: the session is connected and media may flow. */
    private void mediaReady() {
        if (state.compareAndSet(SessionState.HANDSHAKING, SessionState.CONNECTED)) {
            connectedNanos = System.nanoTime();
            wasConnected = true;
            listener.connected(this);
        }
    }

    private void sendRaw(byte[] datagram) {
        TransportPath p = path;
        if (p != null) {
            p.send(datagram, 0, datagram.length);
        }
    }

    /**
     * A publisher's SRTP that came before this side's keys. When this side is the DTLS client, the publisher (the
     * server) has its keys first and may start media while our DTLS thread still derives ours: FFmpeg 8's WHIP client
     * does, and the first keyframe was lost with them (a second of HLS, in one CI run). Kept, bounded, and read once
     * the keys are in. A viewer's RTP is never read, so only publishers' sessions keep any.
     */
    private final java.util.ArrayDeque<byte[]> early = new java.util.ArrayDeque<>();
    static final int MAX_EARLY = 512;

    private final class Handshake implements DtlsListener {
        @Override
        public void connected(SrtpKeys out, SrtpKeys in) {
            sending = new SrtpContext(out);
            SrtpContext keys = new SrtpContext(in);
            if (negotiated.localRole() == DtlsRole.CLIENT) {
                mediaReady(); // first: the owner makes its receiver when told, and the held packets are for it
            }
            // The held packets go first, in arrival order: the receive side stays unset (so newer packets join the
            // queue) until the queue is empty. Newer ones first would leave the held ones late, and the first keyframe
            // with them.
            while (true) {
                List<byte[]> held;
                synchronized (early) {
                    if (early.isEmpty()) {
                        receiving = keys;
                        break;
                    }
                    held = List.copyOf(early);
                    early.clear();
                }
                held.forEach(p -> deliver(keys, p, RtcpParser.isRtcp(p, 0, p.length)));
            }
            if (negotiated.localRole() != DtlsRole.CLIENT) {
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(SERVER_ROLE_MEDIA_DELAY_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    mediaReady();
                });
            }
        }

        @Override
        public void failed(String reason) {
            close(reason);
        }
    }

    @Override
    public String toString() {
        return "webrtc session " + id + " (" + state.get() + ", DTLS " + (negotiated.localRole() == DtlsRole.SERVER ? "server" : "client") + ")";
    }
}
