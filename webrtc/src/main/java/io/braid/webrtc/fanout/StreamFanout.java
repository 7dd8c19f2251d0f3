package io.braid.webrtc.fanout;

import io.braid.webrtc.peer.PeerSession;
import io.braid.webrtc.rtcp.ReportBlock;
import io.braid.webrtc.rtcp.RtcpPacket;
import io.braid.webrtc.rtcp.RtcpWriter;
import io.braid.webrtc.rtp.H264Packetizer;
import io.braid.webrtc.rtp.OpusPacketizer;
import io.braid.webrtc.rtp.RtpPacket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One stream's WebRTC delivery on a node: packetized once (H.264 and Opus), kept as the current GOP and a NACK
 * cache, and sent to every attached viewer's session, which encrypts its own copy.
 *
 * <p>A viewer whose DTLS completes gets the current GOP at once, from its keyframe, with the timestamps of those
 * frames moved next to the newest one: its decoder catches up in one burst and shows the live picture, instead of
 * replaying the GOP at normal speed and staying behind by its age. Audio starts live.
 *
 * <p>Media arrives on one thread (the stream's); viewers connect on DTLS threads and send RTCP on the transport's
 * event loop. One lock orders a viewer's catch-up before its first live packet.
 */
public final class StreamFanout {
    /**
     * RTP payload budget: packets of at most 1,200 bytes, as libwebrtc sends them (a 12-byte header, no extensions):
     * with the SRTP tag 1,216 bytes of UDP payload, 1,264 over IPv6, under IPv6's minimum MTU of 1,280. The cost of
     * fan-out is per datagram, so the fewer a frame needs the better (1,100 made three of a 2.2 KB frame, this two).
     */
    public static final int MAX_PAYLOAD = 1188;
    /** A GOP longer than this many packets is not replayed; viewers then wait for the next keyframe. */
    static final int MAX_GOP_PACKETS = 4000;

    private final String label;
    private final int videoSsrc;
    private final int audioSsrc;
    private final H264Packetizer video;
    private final OpusPacketizer audio;
    private final PacketCache videoCache = new PacketCache(2048);
    private final List<List<RtpPacket>> gop = new ArrayList<>();
    private int gopPackets;
    private final List<Viewer> viewers = new CopyOnWriteArrayList<>();
    private final FanoutStats stats;
    private long lastVideoTimestamp = -1;
    private long lastVideoNanos;
    private long lastAudioTimestamp = -1;
    private long lastAudioNanos;
    private volatile int h264Profile = 66;

    public StreamFanout(String label, FanoutStats stats) {
        SecureRandom random = new SecureRandom();
        this.label = label;
        this.stats = stats;
        this.videoSsrc = random.nextInt();
        this.audioSsrc = random.nextInt();
        this.video = new H264Packetizer(MAX_PAYLOAD, 0, videoSsrc, random.nextInt(0x10000));
        this.audio = new OpusPacketizer(0, audioSsrc, random.nextInt(0x10000));
    }

    public String label() {
        return label;
    }

    public int videoSsrc() {
        return videoSsrc;
    }

    public int audioSsrc() {
        return audioSsrc;
    }

    /** The stream's H.264 profile_idc (from its SPS), for choosing the offered format that fits. */
    public int h264Profile() {
        return h264Profile;
    }

    public int viewerCount() {
        return viewers.size();
    }

    /** The stream's decoder configuration: SPS and PPS, sent before every keyframe. */
    public synchronized void parameterSets(byte[] sps, byte[] pps) {
        video.parameterSets(sps, pps);
        if (sps != null && sps.length > 1) {
            h264Profile = sps[1] & 0xFF;
        }
    }

    /** One video access unit (NAL units without prefixes), at a 90 kHz presentation timestamp. */
    public synchronized void video(List<byte[]> nals, long timestamp90k, boolean keyframe) {
        List<RtpPacket> packets = video.packetize(nals, timestamp90k & 0xFFFFFFFFL);
        if (keyframe) {
            gop.clear();
            gopPackets = 0;
        }
        if (keyframe || !gop.isEmpty()) {
            if (gopPackets + packets.size() <= MAX_GOP_PACKETS) {
                gop.add(packets);
                gopPackets += packets.size();
            } else {
                gop.clear();
                gopPackets = 0;
            }
        }
        for (RtpPacket p : packets) {
            videoCache.put(p);
        }
        lastVideoTimestamp = timestamp90k & 0xFFFFFFFFL;
        lastVideoNanos = System.nanoTime();
        for (Viewer v : viewers) {
            if (v.live) {
                for (RtpPacket p : packets) {
                    v.sendVideo(p, p.timestamp());
                }
            } else if (keyframe && v.connected) {
                // Connected while no GOP was cached: start at this keyframe.
                v.live = true;
                for (RtpPacket p : packets) {
                    v.sendVideo(p, p.timestamp());
                }
            }
        }
    }

    /** One Opus packet at a 48 kHz timestamp. */
    public synchronized void audio(byte[] opus, long timestamp48k) {
        RtpPacket p = audio.packetize(opus, timestamp48k & 0xFFFFFFFFL);
        lastAudioTimestamp = timestamp48k & 0xFFFFFFFFL;
        lastAudioNanos = System.nanoTime();
        for (Viewer v : viewers) {
            if (v.live) {
                v.sendAudio(p);
            }
        }
    }

    /** Adds a viewer; media starts when its session connects ({@link #connected}). */
    public void attach(PeerSession session) {
        viewers.add(new Viewer(session));
    }

    public void detach(PeerSession session) {
        viewers.removeIf(v -> v.session == session);
    }

    /** The viewer's DTLS completed: send the cached GOP (timestamps moved to the live edge), then live media. */
    public synchronized void connected(PeerSession session) {
        Viewer v = find(session);
        if (v == null) {
            return;
        }
        v.connected = true;
        if (gop.isEmpty()) {
            return; // the next keyframe starts it
        }
        v.catchUp = CatchUp.of(gop);
        sendCatchUp(v);
        v.live = true;
    }

    /**
     * Sends a viewer its catch-up burst again, the very same packets: a viewer that got them already drops them as
     * duplicates; one whose DTLS finished after they were sent (they arrived before it had keys) now starts at once
     * instead of waiting for the next keyframe.
     */
    public synchronized void resendCatchUp(PeerSession session) {
        Viewer v = find(session);
        if (v != null && v.catchUp != null) {
            sendCatchUp(v);
        }
    }

    private void sendCatchUp(Viewer v) {
        CatchUp c = v.catchUp;
        List<List<RtpPacket>> frames = c.frames();
        for (int i = 0; i < frames.size(); i++) {
            long ts = c.timestampOfFrame(i);
            for (RtpPacket p : frames.get(i)) {
                v.sendVideo(p, ts);
            }
        }
    }

    /** RTCP from a viewer: NACKs are answered from the cache; PLIs and reports are counted. */
    public void rtcp(PeerSession session, List<RtcpPacket> packets) {
        Viewer v = find(session);
        if (v == null) {
            return;
        }
        long arrival = compactNtp(System.currentTimeMillis());
        for (RtcpPacket p : packets) {
            switch (p) {
                case RtcpPacket.Nack nack -> {
                    stats.nacksReceived.increment();
                    if (nack.mediaSsrc() != videoSsrc) {
                        continue;
                    }
                    for (int seq : nack.lost()) {
                        RtpPacket cached = videoCache.get(seq);
                        if (cached == null) {
                            stats.nackMisses.increment();
                        } else {
                            stats.retransmitted.increment();
                            CatchUp c = v.catchUp;
                            long moved = c == null ? -1 : c.timestamp(seq);
                            v.sendVideo(cached, moved >= 0 ? moved : cached.timestamp());
                        }
                    }
                }
                case RtcpPacket.PictureLoss pli -> stats.pictureLossRequests.increment();
                case RtcpPacket.FullIntraRequest fir -> stats.pictureLossRequests.increment();
                case RtcpPacket.ReceiverReport rr -> report(rr.reports(), arrival);
                case RtcpPacket.SenderReport sr -> report(sr.reports(), arrival);
                default -> {
                }
            }
        }
    }

    private void report(List<ReportBlock> blocks, long arrival) {
        for (ReportBlock b : blocks) {
            stats.receiverReports.increment();
            double rtt = b.roundTripMillis(arrival);
            if (rtt >= 0) {
                stats.lastRoundTripMillis = rtt;
            }
            stats.lastLossFraction = b.lossFraction();
        }
    }

    /** Sends each connected viewer a sender report per track (call about once a second). */
    public void senderReports() {
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        long ntp = ntp(nowMillis);
        long videoTs;
        long audioTs;
        synchronized (this) {
            videoTs = lastVideoTimestamp < 0 ? -1 : (lastVideoTimestamp + (nowNanos - lastVideoNanos) * 90 / 1_000_000) & 0xFFFFFFFFL;
            audioTs = lastAudioTimestamp < 0 ? -1 : (lastAudioTimestamp + (nowNanos - lastAudioNanos) * 48 / 1_000_000) & 0xFFFFFFFFL;
        }
        for (Viewer v : viewers) {
            if (!v.live) {
                continue;
            }
            RtcpWriter w = new RtcpWriter();
            boolean any = false;
            if (videoTs >= 0 && v.videoPt >= 0) {
                w.senderReport(videoSsrc, ntp, videoTs, v.videoPackets, v.videoOctets);
                any = true;
            }
            if (audioTs >= 0 && v.audioPt >= 0) {
                w.senderReport(audioSsrc, ntp, audioTs, v.audioPackets, v.audioOctets);
                any = true;
            }
            if (any) {
                v.session.sendRtcp(w.cname(videoSsrc, label).build());
            }
        }
    }

    private Viewer find(PeerSession session) {
        for (Viewer v : viewers) {
            if (v.session == session) {
                return v;
            }
        }
        return null;
    }

    /** NTP time (RFC 5905 64-bit) of a Unix time in milliseconds. */
    static long ntp(long unixMillis) {
        long seconds = unixMillis / 1000 + 2_208_988_800L;
        long fraction = ((unixMillis % 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }

    /** The middle 32 bits of the NTP time, as receiver reports carry it. */
    static long compactNtp(long unixMillis) {
        return (ntp(unixMillis) >>> 16) & 0xFFFFFFFFL;
    }

    /**
     * A joining viewer's catch-up: the GOP's {@code frames} (the stream's own packets, shared by every viewer who
     * joined within that GOP), the packets from {@code firstSequence} on, frame {@code i} ending before packet
     * {@code frameEnds[i]}; frame {@code i} of {@code n} is stamped {@code newest - (n - 1 - i)}, one tick apart.
     */
    record CatchUp(List<List<RtpPacket>> frames, int firstSequence, int[] frameEnds, long newest) {
        static CatchUp of(List<List<RtpPacket>> gop) {
            int[] frameEnds = new int[gop.size()];
            int count = 0;
            for (int i = 0; i < gop.size(); i++) {
                count += gop.get(i).size();
                frameEnds[i] = count;
            }
            return new CatchUp(List.copyOf(gop), gop.getFirst().getFirst().sequence(), frameEnds, gop.getLast().getFirst().timestamp());
        }

        long timestampOfFrame(int frame) {
            return (newest - (frameEnds.length - 1 - frame)) & 0xFFFFFFFFL;
        }

        /** The moved timestamp of that packet, or -1 when it was not part of the catch-up. */
        long timestamp(int sequence) {
            int offset = (sequence - firstSequence) & 0xFFFF;
            if (offset >= frameEnds[frameEnds.length - 1]) {
                return -1;
            }
            int lo = 0;
            int hi = frameEnds.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (frameEnds[mid] > offset) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return timestampOfFrame(lo);
        }
    }

    private final class Viewer {
        final PeerSession session;
        final int videoPt;
        final int audioPt;
        /** The catch-up burst this viewer got, so a retransmission or a resend of it carries the same moved timestamps. */
        volatile CatchUp catchUp;
        volatile boolean connected;
        volatile boolean live;
        long videoPackets;
        long videoOctets;
        long audioPackets;
        long audioOctets;

        Viewer(PeerSession session) {
            this.session = session;
            this.videoPt = session.negotiated().videoPayloadType();
            this.audioPt = session.negotiated().audioPayloadType();
        }

        void sendVideo(RtpPacket p, long timestamp) {
            if (videoPt < 0) {
                return;
            }
            session.send(p, videoPt, videoSsrc, timestamp);
            videoPackets++;
            videoOctets += p.payloadLength();
            stats.packetsOut.increment();
            stats.bytesOut.add(p.length());
        }

        void sendAudio(RtpPacket p) {
            if (audioPt < 0) {
                return;
            }
            session.send(p, audioPt, audioSsrc, p.timestamp());
            audioPackets++;
            audioOctets += p.payloadLength();
            stats.packetsOut.increment();
            stats.bytesOut.add(p.length());
        }
    }
}
