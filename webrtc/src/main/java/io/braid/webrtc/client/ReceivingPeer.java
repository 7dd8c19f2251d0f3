package io.braid.webrtc.client;

import io.braid.webrtc.dtls.DtlsCertificate;
import io.braid.webrtc.dtls.DtlsListener;
import io.braid.webrtc.dtls.DtlsPeer;
import io.braid.webrtc.ice.IceCredentials;
import io.braid.webrtc.ice.PacketKind;
import io.braid.webrtc.rtcp.ReportBlock;
import io.braid.webrtc.rtcp.RtcpParser;
import io.braid.webrtc.rtcp.RtcpWriter;
import io.braid.webrtc.sdp.DtlsRole;
import io.braid.webrtc.sdp.MediaDescription;
import io.braid.webrtc.sdp.SdpException;
import io.braid.webrtc.sdp.SessionDescription;
import io.braid.webrtc.srtp.RtpHeaders;
import io.braid.webrtc.srtp.SrtpContext;
import io.braid.webrtc.srtp.SrtpException;
import io.braid.webrtc.srtp.SrtpKeys;
import io.braid.webrtc.stun.StunAttribute;
import io.braid.webrtc.stun.StunException;
import io.braid.webrtc.stun.StunMessage;
import io.braid.webrtc.stun.StunMessageWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A receive-only WebRTC peer in plain Java, the light client for tests and benchmarks: it makes a recvonly offer
 * (H.264 + Opus), runs ICE as the controlling agent against the answer's first UDP host candidate, does DTLS in the
 * role the answer leaves it, decrypts SRTP, counts what arrives, NACKs gaps, and sends receiver reports. It can drop
 * a share of packets each way to stand in for a lossy network.
 */
public final class ReceivingPeer implements AutoCloseable {
    public static final int VIDEO_PT = 102;
    public static final int AUDIO_PT = 111;

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final String setup;
    private final IceCredentials local = IceCredentials.random();
    private final DatagramChannel socket;
    private volatile double dropShare;
    private final boolean sendNacks;
    private final boolean decrypt;
    private volatile InetSocketAddress remote;
    /** When this peer was made (System.nanoTime), for a load test that replaces peers that never start receiving. */
    public final long createdNanos = System.nanoTime();
    private volatile String remoteUfrag;
    private volatile byte[] remotePassword;
    private volatile DtlsPeer dtls;
    private volatile SrtpContext receiving;
    private volatile SrtpContext sending;
    private volatile boolean closed;
    private volatile boolean iceConnected;
    private final int ssrc = new SecureRandom().nextInt();
    private final Map<Integer, Track> tracks = new HashMap<>();
    private Thread reader;
    private Thread ticker;

    public final LongAdder videoPackets = new LongAdder();
    public final LongAdder audioPackets = new LongAdder();
    public final LongAdder bytes = new LongAdder();
    public final LongAdder videoFrames = new LongAdder();
    public final LongAdder keyframes = new LongAdder();
    public final LongAdder nacksSent = new LongAdder();
    public final LongAdder recovered = new LongAdder();
    public final LongAdder dropped = new LongAdder();
    /** Dropped video packets (their payload type is readable before decryption). */
    public final LongAdder videoDropped = new LongAdder();
    /** Recovered video packets: a NACKed sequence number that arrived later. */
    public final LongAdder videoRecovered = new LongAdder();
    public final LongAdder senderReports = new LongAdder();
    public volatile long connectedNanos;
    public volatile long firstKeyframeNanos;
    public volatile String failure;

    /**
     * {@code setup} is our offer's {@code a=setup}: "actpass" (browser-like; the server answers active, so this peer is
     * the DTLS server), "passive" (the same roles), or "active" (this peer is the DTLS client).
     */
    public ReceivingPeer(BcTlsCrypto crypto, DtlsCertificate certificate, String setup, double dropShare, boolean sendNacks) throws IOException {
        this(crypto, certificate, setup, dropShare, sendNacks, true);
    }

    /**
     * {@code decrypt} false makes a load-test viewer: media packets are counted from their clear headers, not decrypted
     * (RTCP still is), so that many of them fit on the machine that runs the server under test.
     */
    public ReceivingPeer(BcTlsCrypto crypto, DtlsCertificate certificate, String setup, double dropShare, boolean sendNacks,
            boolean decrypt) throws IOException {
        this(crypto, certificate, setup, dropShare, sendNacks, decrypt, InetAddress.getLoopbackAddress());
    }

    /** Bound to {@code bind} (the loopback address by default; a load test in a network namespace of its own takes the wildcard). */
    public ReceivingPeer(BcTlsCrypto crypto, DtlsCertificate certificate, String setup, double dropShare, boolean sendNacks,
            boolean decrypt, InetAddress bind) throws IOException {
        this.decrypt = decrypt;
        this.crypto = crypto;
        this.certificate = certificate;
        this.setup = setup;
        this.dropShare = dropShare;
        this.sendNacks = sendNacks;
        this.socket = DatagramChannel.open();
        socket.bind(new InetSocketAddress(bind, 0));
    }

    public String offer() {
        String common = "c=IN IP4 0.0.0.0\r\na=ice-ufrag:" + local.ufrag() + "\r\na=ice-pwd:" + local.password()
                + "\r\na=fingerprint:sha-256 " + certificate.fingerprint() + "\r\na=setup:" + setup + "\r\na=recvonly\r\na=rtcp-mux\r\n";
        return "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF " + VIDEO_PT + "\r\n" + common + "a=mid:0\r\n"
                + "a=rtpmap:" + VIDEO_PT + " H264/90000\r\na=rtcp-fb:" + VIDEO_PT + " nack\r\na=rtcp-fb:" + VIDEO_PT + " nack pli\r\n"
                + "a=fmtp:" + VIDEO_PT + " level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF " + AUDIO_PT + "\r\n" + common + "a=mid:1\r\n"
                + "a=rtpmap:" + AUDIO_PT + " opus/48000/2\r\na=fmtp:" + AUDIO_PT + " minptime=10;useinbandfec=1\r\n";
    }

    /** Reads the server's answer and starts connectivity checks toward its first UDP host candidate. */
    public void answer(String sdp) throws SdpException {
        SessionDescription answer = SessionDescription.parse(sdp);
        MediaDescription first = answer.media().getFirst();
        remoteUfrag = answer.attribute(first, "ice-ufrag");
        remotePassword = answer.attribute(first, "ice-pwd").getBytes(StandardCharsets.UTF_8);
        String[] fingerprint = answer.attribute(first, "fingerprint").split(" ");
        String theirSetup = answer.attribute(first, "setup");
        DtlsRole role = "passive".equals(theirSetup) ? DtlsRole.CLIENT : DtlsRole.SERVER;
        for (String c : first.attributes("candidate")) {
            String[] f = c.split(" ");
            if (f.length >= 8 && f[2].equalsIgnoreCase("udp") && f[7].equals("host")) {
                remote = new InetSocketAddress(f[4], Integer.parseInt(f[5]));
                break;
            }
        }
        if (remote == null) {
            throw new SdpException("the answer has no UDP host candidate");
        }
        dtls = new DtlsPeer(crypto, certificate, role, fingerprint[0], fingerprint[1], this::sendRaw, new DtlsListener() {
            @Override
            public void connected(SrtpKeys out, SrtpKeys in) {
                sending = new SrtpContext(out);
                connectedNanos = System.nanoTime();
                synchronized (early) {
                    receiving = new SrtpContext(in);
                    early.forEach(ReceivingPeer.this::unprotect);
                    early.clear();
                }
            }

            @Override
            public void failed(String reason) {
                failure = reason;
            }
        });
        reader = Thread.ofVirtual().name("receiving-peer").start(this::read);
        ticker = Thread.ofVirtual().name("receiving-peer-ticks").start(this::tick);
    }

    /** Stops dropping packets (the lossy network heals), so that what was lost can be counted as recovered or not. */
    public void stopDropping() {
        dropShare = 0;
    }

    public boolean connected() {
        return receiving != null;
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) socket.getLocalAddress();
    }

    private void tick() {
        long lastReport = 0;
        long lastCheck = 0;
        try {
            while (!closed) {
                long now = System.nanoTime();
                long checkEvery = iceConnected ? 2_000_000_000L : 50_000_000L;
                if (now - lastCheck > checkEvery) {
                    lastCheck = now;
                    sendCheck();
                }
                if (receiving != null && now - lastReport > 1_000_000_000L) {
                    lastReport = now;
                    sendReceiverReport();
                }
                if (sendNacks) {
                    nackOverdue(now);
                }
                Thread.sleep(sendNacks ? 20 : 250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendCheck() {
        byte[] check = StunMessageWriter.request(StunMessage.BINDING_REQUEST)
                .username(remoteUfrag + ":" + local.ufrag())
                .priority(0x6e0001ffL)
                .tieBreaker(StunAttribute.ICE_CONTROLLING, 0x1234_5678_9abcL)
                .flag(StunAttribute.USE_CANDIDATE)
                .buildSigned(remotePassword);
        sendRaw(check);
    }

    private void read() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        try {
            while (!closed) {
                buf.clear();
                SocketAddress from = socket.receive(buf);
                if (from == null) {
                    continue;
                }
                buf.flip();
                byte[] data = new byte[buf.remaining()];
                buf.get(data);
                if (data.length == 0) {
                    continue;
                }
                switch (PacketKind.of(data[0])) {
                    case STUN -> stun(data);
                    case DTLS -> dtls.receive(data);
                    case SRTP -> srtp(data);
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                failure = "socket: " + e.getMessage();
            }
        }
    }

    private void stun(byte[] data) {
        try {
            StunMessage m = StunMessage.decode(data, 0, data.length);
            if (m.type() == StunMessage.BINDING_SUCCESS && m.integrityMatches(remotePassword) && !iceConnected) {
                iceConnected = true;
                dtls.start();
            }
        } catch (StunException e) {
            failure = "bad STUN response: " + e.getMessage();
        }
    }

    /**
     * SRTP that came before this side's keys: our DTLS runs on its own thread, so the sender (who completes the
     * handshake last when it is the DTLS client) may start media while that thread is still deriving them. Kept,
     * bounded, and read once the keys are in, as a browser's single network thread never sees the gap.
     */
    private final java.util.ArrayDeque<byte[]> early = new java.util.ArrayDeque<>();
    private static final int MAX_EARLY = 512;

    private void srtp(byte[] data) {
        // One lock for the reader and the DTLS thread's hand-over: an SRTP context takes one caller at a time.
        synchronized (early) {
            if (receiving == null) {
                if (early.size() < MAX_EARLY) {
                    early.add(data);
                }
                return;
            }
            unprotect(data);
        }
    }

    private void unprotect(byte[] data) {
        SrtpContext in = receiving;
        if (dropShare > 0 && ThreadLocalRandom.current().nextDouble() < dropShare) {
            dropped.increment();
            if (!RtcpParser.isRtcp(data, 0, data.length) && (data[1] & 0x7F) == VIDEO_PT) {
                videoDropped.increment();
            }
            return;
        }
        try {
            if (RtcpParser.isRtcp(data, 0, data.length)) {
                int n = in.unprotectRtcp(data, 0, data.length);
                for (var p : RtcpParser.parse(data, 0, n)) {
                    if (p instanceof io.braid.webrtc.rtcp.RtcpPacket.SenderReport) {
                        senderReports.increment();
                    }
                }
                return;
            }
            if (!decrypt) {
                countOnly(data);
                return;
            }
            int n = in.unprotectRtp(data, 0, data.length);
            rtp(data, n);
        } catch (SrtpException | io.braid.webrtc.rtcp.RtcpException e) {
            failure = "SRTP: " + e.getMessage();
        }
    }

    private void rtp(byte[] data, int length) {
        int header = RtpHeaders.headerLength(data, 0, length);
        if (header < 0 || header >= length) {
            return;
        }
        int pt = data[1] & 0x7F;
        boolean marker = (data[1] & 0x80) != 0;
        int seq = RtpHeaders.sequence(data, 0);
        int packetSsrc = RtpHeaders.ssrc(data, 0);
        bytes.add(length);
        synchronized (tracks) {
            Track t = tracks.computeIfAbsent(packetSsrc, s -> new Track());
            if (t.receive(seq, this) && pt == VIDEO_PT) {
                videoRecovered.increment();
            }
        }
        if (pt == VIDEO_PT) {
            videoPackets.increment();
            int nalType = data[header] & 0x1F;
            boolean idr = nalType == 5 || nalType == 24 && header + 3 < length && (data[header + 3] & 0x1F) == 7
                    || nalType == 28 && (data[header + 1] & 0x1F) == 5 && (data[header + 1] & 0x80) != 0;
            if (idr) {
                keyframes.increment();
                if (firstKeyframeNanos == 0) {
                    firstKeyframeNanos = System.nanoTime();
                }
            }
            if (marker) {
                videoFrames.increment();
            }
        } else if (pt == AUDIO_PT) {
            audioPackets.increment();
        }
    }

    private void countOnly(byte[] data) {
        bytes.add(data.length);
        int pt = data[1] & 0x7F;
        if (pt == VIDEO_PT) {
            videoPackets.increment();
            if ((data[1] & 0x80) != 0) {
                videoFrames.increment();
            }
        } else if (pt == AUDIO_PT) {
            audioPackets.increment();
        }
    }

    /** Sequence tracking per SSRC: gaps become NACKs, late arrivals of NACKed packets count as recovered. */
    private static final class Track {
        private int highest = -1;
        private final Map<Integer, Long> missing = new HashMap<>();
        private long received;

        /** Returns true when the packet is a late arrival of one that was missing. */
        boolean receive(int seq, ReceivingPeer peer) {
            received++;
            if (highest < 0) {
                highest = seq;
                return false;
            }
            int delta = (seq - highest) & 0xFFFF;
            if (delta == 0) {
                return false;
            }
            if (delta < 0x8000) {
                for (int s = (highest + 1) & 0xFFFF; s != seq; s = (s + 1) & 0xFFFF) {
                    if (missing.size() < 1000) {
                        missing.put(s, 0L);
                    }
                }
                highest = seq;
            } else if (missing.remove(seq) != null) {
                peer.recovered.increment();
                return true;
            }
            return false;
        }
    }

    private void nackOverdue(long now) {
        SrtpContext out = sending;
        if (out == null) {
            return;
        }
        List<byte[]> nacks = new ArrayList<>();
        synchronized (tracks) {
            for (Map.Entry<Integer, Track> e : tracks.entrySet()) {
                List<Integer> lost = new ArrayList<>();
                for (Map.Entry<Integer, Long> m : e.getValue().missing.entrySet()) {
                    if (m.getValue() == 0L || now - m.getValue() > 100_000_000L && m.getValue() > 0) {
                        lost.add(m.getKey());
                        // one retry; -1 marks "given up"
                        m.setValue(m.getValue() == 0L ? now : -1L);
                    }
                }
                if (!lost.isEmpty()) {
                    lost.sort(null);
                    nacks.add(new RtcpWriter().nack(ssrc, e.getKey(), lost).build());
                }
            }
        }
        for (byte[] nack : nacks) {
            nacksSent.increment();
            sendRtcp(nack);
        }
    }

    private void sendReceiverReport() {
        List<ReportBlock> blocks = new ArrayList<>();
        synchronized (tracks) {
            for (Map.Entry<Integer, Track> e : tracks.entrySet()) {
                blocks.add(new ReportBlock(e.getKey(), 0, 0, e.getValue().highest, 0, 0, 0));
            }
        }
        sendRtcp(new RtcpWriter().receiverReport(ssrc, blocks).build());
    }

    /** Asks the sender for a keyframe. */
    public void pictureLoss(int mediaSsrc) {
        sendRtcp(new RtcpWriter().pictureLoss(ssrc, mediaSsrc).build());
    }

    private void sendRtcp(byte[] compound) {
        SrtpContext out = sending;
        if (out == null) {
            return;
        }
        byte[] packet = out.protectRtcpCopy(compound);
        if (dropShare > 0 && ThreadLocalRandom.current().nextDouble() < dropShare) {
            return;
        }
        sendRaw(packet);
    }

    private void sendRaw(byte[] datagram) {
        try {
            if (!closed) {
                socket.send(ByteBuffer.wrap(datagram), remote);
            }
        } catch (IOException e) {
            failure = "send: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        closed = true;
        DtlsPeer d = dtls;
        if (d != null) {
            d.close();
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
        if (ticker != null) {
            ticker.interrupt();
        }
    }
}
