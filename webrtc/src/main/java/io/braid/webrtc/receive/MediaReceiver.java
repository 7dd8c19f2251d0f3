package io.braid.webrtc.receive;

import io.braid.media.MalformedMediaException;
import io.braid.webrtc.rtcp.ReportBlock;
import io.braid.webrtc.rtcp.RtcpPacket;
import io.braid.webrtc.rtcp.RtcpWriter;
import io.braid.webrtc.rtcp.TransportFeedbackRecorder;
import io.braid.webrtc.rtp.H264AccessUnit;
import io.braid.webrtc.rtp.H264Depacketizer;
import io.braid.webrtc.rtp.HeaderExtensions;
import io.braid.webrtc.rtp.OpusDepacketizer;
import io.braid.webrtc.rtp.ReceivedRtp;
import io.braid.webrtc.rtp.ReorderBuffer;
import io.braid.webrtc.sdp.Negotiated;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A publisher's media in, as pion's interceptors and a browser's receive side do it, for one WHIP session: each
 * track's packets are put back in order ({@link ReorderBuffer}), gaps are NACKed, arrivals are recorded for
 * transport-wide congestion feedback, receiver reports go back every second, and keyframes are asked for (PLI) at
 * the start, when a loss broke the picture chain, when a consumer asks, and when the publisher has sent none for
 * {@link #KEYFRAME_INTERVAL_NANOS}. Video comes out as H.264 access units, audio as Opus packets, both on one
 * millisecond timeline (see {@link TrackClock}). Calls come from the transport thread ({@link #rtp}, {@link #rtcp})
 * and a timer ({@link #tick}, every 10-20 ms); they are serialised here.
 */
public final class MediaReceiver {
    /** Keyframes at least this often: HLS cuts segments at them, and a late consumer starts at one. */
    static final long KEYFRAME_INTERVAL_NANOS = 2_500_000_000L;
    /** A PLI is not repeated sooner than this (the publisher's encoder needs a moment to answer). */
    static final long PLI_THROTTLE_NANOS = 500_000_000L;
    static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
    static final long FEEDBACK_INTERVAL_NANOS = 50_000_000L;
    /** How long a gap waits for its retransmission: NACKs go out at once and twice more a round trip apart. */
    static final long MAX_HOLD_NANOS = 250_000_000L;
    static final long NACK_INTERVAL_NANOS = 40_000_000L;

    /** Where the receiver's media goes; called under the receiver's lock, on one thread at a time. */
    public interface Sink {
        void video(H264AccessUnit picture, long ptsMs);

        void audio(byte[] opus, long ptsMs);
    }

    /** The link as this receiver sees it, over the whole session. */
    /**
     * @param recovered   packets that arrived after a NACK asked for them
     * @param roundTripMs the NACK round trip (see {@link ReorderBuffer#roundTripNanos()}), -1 before any loss was repaired
     */
    public record Figures(long packets, long bytes, long lost, long nacksSent, long keyframeRequests, double jitterMs, long duplicates,
            long late, long malformed, long droppedPictures, long recovered, double roundTripMs) {
        /** Packets given up (lost for good) over packets that arrived plus them. */
        public double lossRatio() {
            return packets + lost == 0 ? 0 : (double) lost / (packets + lost);
        }
    }

    private final int ownSsrc = new SecureRandom().nextInt();
    private final Sink sink;
    private final Consumer<byte[]> rtcpOut;
    private final int transportCcExtension;
    private final ReceivedTrack video;
    private final ReceivedTrack audio;
    private final H264Depacketizer h264;
    private final TransportFeedbackRecorder feedback = new TransportFeedbackRecorder();
    private final TrackSync sync = new TrackSync();
    private long lastReport;
    private long lastFeedback;
    private long lastPli = Long.MIN_VALUE / 2;
    private long lastKeyframe = Long.MIN_VALUE / 2;
    private long lastMedia;
    /** The time of the call in progress, for the depacketizer's callback. */
    private long now;
    private boolean keyframeAsked;
    private long packets;
    private long bytes;
    private long nacks;
    private long plis;
    private long malformed;
    private long otherPayloadTypes;

    /** @param rtcpOut sends a compound RTCP packet (in the clear; the session protects it) to the publisher */
    public MediaReceiver(Negotiated negotiated, Sink sink, Consumer<byte[]> rtcpOut, long nowNanos) {
        this.sink = sink;
        this.rtcpOut = rtcpOut;
        this.transportCcExtension = negotiated.transportCcExtension();
        this.video = negotiated.videoPayloadType() < 0 ? null
                : new ReceivedTrack(negotiated.videoPayloadType(), 90_000, new ReorderBuffer(1024, MAX_HOLD_NANOS, 3), sync);
        this.audio = negotiated.audioPayloadType() < 0 ? null
                : new ReceivedTrack(negotiated.audioPayloadType(), 48_000, new ReorderBuffer(256, MAX_HOLD_NANOS, 3), sync);
        this.h264 = new H264Depacketizer(this::picture);
        this.lastMedia = nowNanos;
    }

    /** One decrypted RTP packet, {@code packet[0, length)}. */
    public synchronized void rtp(byte[] packet, int length, long nowNanos) {
        now = nowNanos;
        ReceivedRtp p;
        try {
            p = ReceivedRtp.parse(packet, 0, length);
        } catch (MalformedMediaException e) {
            malformed++;
            return;
        }
        ReceivedTrack track = video != null && p.payloadType() == video.payloadType ? video
                : audio != null && p.payloadType() == audio.payloadType ? audio : null;
        if (track == null || !track.accepts(p.ssrc())) {
            otherPayloadTypes++; // RTX, FEC or a second SSRC of one kind (simulcast) that is not taken
            return;
        }
        packets++;
        bytes += length;
        lastMedia = nowNanos;
        if (transportCcExtension > 0) {
            int sequence = HeaderExtensions.transportSequence(p, transportCcExtension);
            if (sequence >= 0) {
                feedback.record(sequence, nowNanos);
            }
        }
        track.arrived(p, nowNanos);
        release(track, track.reorder.push(p, nowNanos), nowNanos);
    }

    /** RTCP from the publisher: sender reports map its RTP clocks onto one timeline. */
    public synchronized void rtcp(List<RtcpPacket> packets, long nowNanos) {
        for (RtcpPacket p : packets) {
            if (p instanceof RtcpPacket.SenderReport sr) {
                for (ReceivedTrack t : tracks()) {
                    if (t.ssrc == sr.ssrc() && t.started()) {
                        t.statistics.senderReport(sr.ntpTime(), nowNanos);
                        t.clock.senderReport(sr.ntpTime(), sr.rtpTime());
                    }
                }
                sync.align(video == null ? null : video.clock, audio == null ? null : audio.clock);
            }
        }
    }

    /** A consumer needs a keyframe (a new HLS segment, a player that joins): a PLI goes out, throttled. */
    public synchronized void requestKeyframe() {
        keyframeAsked = true;
    }

    /** Timers: gaps given up, NACKs, feedback, reports and keyframe requests that are due. */
    public synchronized void tick(long nowNanos) {
        now = nowNanos;
        for (ReceivedTrack t : tracks()) {
            release(t, t.reorder.poll(nowNanos), nowNanos);
        }
        RtcpWriter out = null;
        if (nowNanos - lastReport >= REPORT_INTERVAL_NANOS) {
            List<ReportBlock> blocks = new ArrayList<>();
            for (ReceivedTrack t : tracks()) {
                if (t.started()) {
                    blocks.add(t.statistics.report(nowNanos));
                }
            }
            if (!blocks.isEmpty()) {
                lastReport = nowNanos;
                out = new RtcpWriter().receiverReport(ownSsrc, blocks);
            }
        }
        for (ReceivedTrack t : tracks()) {
            if (t.started()) {
                List<Integer> due = t.reorder.nacksDue(nowNanos, NACK_INTERVAL_NANOS);
                if (!due.isEmpty()) {
                    out = (out == null ? new RtcpWriter().receiverReport(ownSsrc, List.of()) : out).nack(ownSsrc, t.ssrc, due);
                    nacks++;
                }
            }
        }
        if (video != null && video.started() && nowNanos - lastPli >= PLI_THROTTLE_NANOS
                && (keyframeAsked || h264.keyframeWanted() || nowNanos - lastKeyframe >= KEYFRAME_INTERVAL_NANOS)) {
            out = (out == null ? new RtcpWriter().receiverReport(ownSsrc, List.of()) : out).pictureLoss(ownSsrc, video.ssrc);
            lastPli = nowNanos;
            keyframeAsked = false;
            plis++;
        }
        if (out != null) {
            rtcpOut.accept(out.build());
        }
        if (nowNanos - lastFeedback >= FEEDBACK_INTERVAL_NANOS && feedback.pending()) {
            lastFeedback = nowNanos;
            byte[] fb = feedback.build(ownSsrc, video != null && video.started() ? video.ssrc : audio != null ? audio.ssrc : 0);
            if (fb != null) {
                rtcpOut.accept(fb);
            }
        }
    }

    /** When media last arrived (System.nanoTime()): a publisher that stops sending is cut off by its owner. */
    public synchronized long lastMediaNanos() {
        return lastMedia;
    }

    public synchronized Figures figures() {
        long lost = 0;
        long duplicates = 0;
        long late = 0;
        long recovered = 0;
        double jitter = 0;
        double roundTrip = -1;
        for (ReceivedTrack t : tracks()) {
            lost += t.reorder.lost();
            duplicates += t.reorder.duplicates();
            late += t.reorder.late();
            recovered += t.reorder.recovered();
            if (t.reorder.roundTripNanos() >= 0 && (roundTrip < 0 || t == video)) {
                roundTrip = t.reorder.roundTripNanos() / 1e6; // video's when it has one: most NACKs are video's
            }
            if (t == video || video == null) {
                jitter = t.started() ? t.statistics.jitterMillis() : 0;
            }
        }
        return new Figures(packets, bytes, lost, nacks, plis, jitter, duplicates, late, malformed + h264.counters().malformed(),
                h264.counters().dropped(), recovered, roundTrip);
    }

    /** Packets of payload types or SSRCs not taken (RTX, FEC, simulcast layers beyond the first). */
    public synchronized long ignoredPackets() {
        return otherPayloadTypes;
    }

    private List<ReceivedTrack> tracks() {
        if (video == null) {
            return List.of(audio);
        }
        return audio == null ? List.of(video) : List.of(video, audio);
    }

    private void release(ReceivedTrack track, ReorderBuffer.Released released, long nowNanos) {
        if (released.packets().isEmpty() && released.lost() == 0) {
            return;
        }
        if (track == video) {
            if (released.lost() > 0) {
                h264.lost();
            }
            for (ReceivedRtp p : released.packets()) {
                h264.push(p);
            }
        } else {
            for (ReceivedRtp p : released.packets()) {
                if (p.payloadLength() == 0) {
                    continue; // DTX keep-alive or padding only
                }
                byte[] opus;
                try {
                    opus = OpusDepacketizer.packet(p);
                } catch (MalformedMediaException e) {
                    malformed++;
                    continue;
                }
                sink.audio(opus, track.clock.ms(p.timestamp()));
            }
        }
    }

    private void picture(H264AccessUnit picture) {
        if (picture.keyframe()) {
            lastKeyframe = now;
        }
        sink.video(picture, video.clock.ms(picture.timestamp90k()));
    }
}
