package io.braid.ingest.whip;

import io.braid.core.broadcast.LinkStats;
import io.braid.ingest.stream.Admission;
import io.braid.ingest.stream.LiveStream;
import io.braid.ingest.stream.PublishLifecycle;
import io.braid.transcode.OpusToAac;
import io.braid.webrtc.peer.PeerSession;
import io.braid.webrtc.peer.SessionListener;
import io.braid.webrtc.rtcp.RtcpPacket;
import io.braid.webrtc.receive.MediaReceiver;
import io.braid.webrtc.receive.RtpToFrames;
import io.braid.webrtc.sdp.Negotiated;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One WHIP publish, from the granted POST to its end. The stream starts when DTLS completes (a publisher whose ICE
 * never gets through only ever held a claim, released when the session gives up), and ends when the session closes
 * (DELETE, consent lost, DTLS alert, no media for {@code braid.whip.media-timeout}). Media arrives on the transport
 * thread and the timer ticks from another; both go through this object's lock, which also keeps the native AAC
 * encoder from being freed under a call.
 */
final class WhipPublish implements SessionListener {
    private static final Logger LOG = Logger.getLogger(WhipPublish.class);
    static final String PROTOCOL = "WebRTC";

    enum State {
        /** Answered; ICE and DTLS under way. */
        ADMITTED,
        /** Media flows into the stream. */
        LIVE,
        ENDED
    }

    private final Admission.Granted granted;
    private final PublishLifecycle gate;
    private final int aacBitrate;
    private final long mediaTimeoutNanos;
    private final Consumer<WhipPublish> onEnd;
    private State state = State.ADMITTED;
    private PeerSession session;
    private MediaReceiver receiver;
    private RtpToFrames frames;
    private OpusToAac aac;
    private LiveStream stream;
    private volatile MediaReceiver.Figures figures;

    WhipPublish(Admission.Granted granted, PublishLifecycle gate, int aacBitrate, long mediaTimeoutNanos, Consumer<WhipPublish> onEnd) {
        this.granted = granted;
        this.gate = gate;
        this.aacBitrate = aacBitrate;
        this.mediaTimeoutNanos = mediaTimeoutNanos;
        this.onEnd = onEnd;
    }

    Admission.Granted granted() {
        return granted;
    }

    synchronized State state() {
        return state;
    }

    /** The session this publish answered, set before its answer is sent (so before it can connect). */
    synchronized void session(PeerSession s) {
        session = s;
    }

    synchronized PeerSession session() {
        return session;
    }

    /** The link's figures as of the last tick; null before media. */
    MediaReceiver.Figures figures() {
        return figures;
    }

    @Override
    public synchronized void connected(PeerSession s) {
        if (state != State.ADMITTED) {
            return;
        }
        Negotiated n = s.negotiated();
        stream = gate.start(granted, PROTOCOL, this::link);
        aac = n.audioPayloadType() >= 0 ? new OpusToAac(aacBitrate) : null;
        frames = new RtpToFrames(stream, aac, n.videoPayloadType() >= 0);
        receiver = new MediaReceiver(n, frames, s::sendRtcp, System.nanoTime());
        state = State.LIVE;
        LOG.infof("WHIP %s/%s connected over %s from %s", granted.app(), granted.streamId(), s.path().protocol(), s.path().remote());
    }

    @Override
    public synchronized void rtcp(PeerSession s, List<RtcpPacket> packets) {
        if (state == State.LIVE) {
            receiver.rtcp(packets, System.nanoTime());
        }
    }

    @Override
    public boolean takesMedia() {
        return true;
    }

    @Override
    public synchronized void rtp(PeerSession s, byte[] packet, int length) {
        if (state == State.LIVE) {
            receiver.rtp(packet, length, System.nanoTime());
        }
    }

    /** From the timer, every 20 ms: releases held packets, sends feedback, and cuts off a publisher gone quiet. */
    synchronized void tick(long nowNanos) {
        if (state != State.LIVE) {
            return;
        }
        receiver.tick(nowNanos);
        figures = receiver.figures();
        if (nowNanos - receiver.lastMediaNanos() > mediaTimeoutNanos) {
            session.close("no media from the publisher for " + mediaTimeoutNanos / 1_000_000_000 + " s");
        }
    }

    @Override
    public synchronized void closed(PeerSession s, String reason) {
        if (state == State.ENDED) {
            return; // a session reports its end once, but a second report must not release a claim twice
        }
        State was = state;
        state = State.ENDED;
        if (was == State.ADMITTED) {
            LOG.infof("WHIP %s/%s never connected: %s", granted.app(), granted.streamId(), reason);
            gate.abandon(granted, PROTOCOL);
        } else if (was == State.LIVE) {
            MediaReceiver.Figures f = receiver.figures();
            String roundTrip = f.roundTripMs() < 0 ? "no repair timed" : String.format(java.util.Locale.ROOT, "round trip %.1f ms", f.roundTripMs());
            LOG.infof("WHIP %s/%s: %d RTP packets, %d lost, %d NACKs, %d recovered (%s), %d keyframe requests, %d pictures"
                    + " dropped, %d unusable before the stream started; %d SRTP packets dropped", granted.app(), granted.streamId(), f.packets(),
                    f.lost(), f.nacksSent(), f.recovered(), roundTrip, f.keyframeRequests(), f.droppedPictures(), frames.skipped(),
                    s.rtpDropped.sum());
            stream.closed(reason);
            if (aac != null) {
                aac.close();
                aac = null;
            }
        }
        onEnd.accept(this);
    }

    private LinkStats link() {
        MediaReceiver.Figures f = figures;
        if (f == null) {
            return null;
        }
        // The round trip as NACKs measure it (a receiver has no sender reports of its own to time): none before a loss
        // was repaired, as on a clean link.
        Double rtt = f.roundTripMs() < 0 ? null : Math.round(f.roundTripMs() * 10) / 10.0;
        return new LinkStats(rtt, f.lost(), Math.round(f.lossRatio() * 10_000) / 10_000.0, f.recovered(), f.late(), null,
                Math.round(f.jitterMs() * 100) / 100.0);
    }
}
