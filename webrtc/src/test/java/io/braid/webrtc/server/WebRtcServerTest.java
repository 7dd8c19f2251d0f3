package io.braid.webrtc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.webrtc.client.ReceivingPeer;
import io.braid.webrtc.dtls.DtlsCertificate;
import io.braid.webrtc.fanout.StreamFanout;
import io.braid.webrtc.ice.StunResponder;
import io.braid.webrtc.peer.PeerSession;
import io.braid.webrtc.peer.SessionState;
import io.braid.webrtc.sdp.DtlsRole;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import io.braid.webrtc.udp.UdpIo;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole sending stack on loopback: a {@link WebRtcServer} answering a {@link ReceivingPeer}'s offer, a synthetic
 * 25 fps stream fanned out to it, in both DTLS roles, with loss, and with hostile datagrams on the shared port.
 */
class WebRtcServerTest {
    static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());
    final List<String> ended = new CopyOnWriteArrayList<>();
    WebRtcServer server;
    StreamFanout stream;
    Thread source;
    final AtomicBoolean running = new AtomicBoolean(true);
    final java.util.concurrent.CountDownLatch firstKeyframe = new java.util.concurrent.CountDownLatch(1);

    /** The UDP I/O under test: the platform's best here; {@link WebRtcServerNioTest} runs every test on NIO too. */
    UdpIo udpIo() {
        return UdpIo.AUTO;
    }

    @BeforeEach
    void start() throws Exception {
        server = new WebRtcServer(new WebRtcConfig(InetAddress.getLoopbackAddress(), 0, 0, List.of(InetAddress.getLoopbackAddress()), List.of(), udpIo()),
                new SessionEvents() {
                    @Override
                    public void started(PeerSession session, StreamFanout s) {
                    }

                    @Override
                    public void ended(PeerSession session, StreamFanout s, String reason, boolean wasConnected) {
                        ended.add(reason);
                    }
                });
        stream = server.newStream("live1");
        stream.parameterSets(new byte[] {0x67, 0x42, 0x00, 0x1f, 0x01}, new byte[] {0x68, 0x01});
        source = Thread.ofPlatform().daemon().start(this::produce);
        // Viewers start from the cached GOP: connecting before the first keyframe exists would wait a whole GOP.
        assertTrue(firstKeyframe.await(5, java.util.concurrent.TimeUnit.SECONDS), "the source's first keyframe");
    }

    @AfterEach
    void stop() throws InterruptedException {
        running.set(false);
        source.join();
        server.close();
    }

    /** 25 fps H.264-shaped frames (an IDR every 25) and 50 Opus packets a second, in real time. */
    private void produce() {
        Random random = new Random(1);
        long start = System.nanoTime();
        int frame = 0;
        int audio = 0;
        while (running.get()) {
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            while (audio * 20L <= elapsedMs) {
                stream.audio(new byte[80], audio * 960L);
                audio++;
            }
            if (frame * 40L <= elapsedMs) {
                boolean key = frame % 25 == 0;
                byte[] nal = new byte[key ? 12_000 : 500 + random.nextInt(3000)];
                random.nextBytes(nal);
                nal[0] = (byte) (key ? 0x65 : 0x41);
                stream.video(List.of(nal), frame * 3600L, key);
                firstKeyframe.countDown();
                frame++;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The server's side of the latest {@link #connect}. */
    private PeerSession lastSession;

    private ReceivingPeer connect(String setup, double loss, boolean nacks) throws Exception {
        DtlsCertificate cert = DtlsCertificate.generate(CRYPTO);
        ReceivingPeer peer = new ReceivingPeer(CRYPTO, cert, setup, loss, nacks);
        PeerSession session = server.answer(peer.offer(), stream);
        assertEquals("active".equals(setup) ? DtlsRole.SERVER : DtlsRole.CLIENT, session.negotiated().localRole());
        peer.answer(session.negotiated().localSdp());
        lastSession = session;
        return peer;
    }

    private static void await(String what, long millis, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aViewerConnectsInEitherDtlsRoleAndStartsAtAKeyframe() throws Exception {
        // actpass and passive make us the DTLS client, active the server.
        for (String setup : List.of("actpass", "active")) {
            ReceivingPeer peer = connect(setup, 0, false);
            long t0 = System.nanoTime();
            PeerSession session = lastSession;
            await("DTLS as " + setup, 5000, () -> peer.connected() && session.connectedNanos() != 0);
            await("first keyframe", 2000, () -> peer.firstKeyframeNanos != 0);
            // DTLS is complete when both sides are done; a flight lost in between is retransmitted after 1 s, and
            // that wait is the handshake's, not the start of the media's.
            long dtlsDone = Math.max(peer.connectedNanos, session.connectedNanos());
            long keyframeMs = Math.max(0, peer.firstKeyframeNanos - dtlsDone) / 1_000_000;
            long apartMs = Math.abs(peer.connectedNanos - session.connectedNanos()) / 1_000_000;
            if (apartMs > 500) {
                System.out.printf("[WebRtcServerTest] %s: the two sides completed DTLS %d ms apart (a retransmitted flight)%n", setup, apartMs);
            }
            // As client we finish last, so the catch-up comes at once; as server it waits 100 ms (or the viewer's SRTCP),
            // and is sent again after 500 ms without RTCP when the viewer's handshake was slower than that.
            assertTrue(keyframeMs < ("active".equals(setup) ? 1000 : 300), setup + ": keyframe " + keyframeMs + " ms after DTLS");
            long frames = peer.videoFrames.sum();
            Thread.sleep(2000);
            long perSecond = (peer.videoFrames.sum() - frames) / 2;
            assertTrue(perSecond >= 20 && perSecond <= 30, setup + ": " + perSecond + " frames/s");
            assertTrue(peer.audioPackets.sum() > 50, "audio flows");
            await("a sender report", 3000, () -> peer.senderReports.sum() > 0);
            assertNull(peer.failure, peer.failure);
            peer.close();
            assertTrue((System.nanoTime() - t0) / 1_000_000_000 < 10);
        }
    }

    @Test
    void nacksRecoverPacketsLostEachWay() throws Exception {
        ReceivingPeer peer = connect("actpass", 0.02, true);
        await("DTLS", 5000, peer::connected);
        Thread.sleep(6000);
        peer.stopDropping(); // the gaps of the last moments get their NACKs and answers before counting
        Thread.sleep(1000);
        long received = peer.videoPackets.sum() + peer.audioPackets.sum();
        System.out.printf("loss test: %d received, %d dropped, %d NACKs, %d retransmitted, %d recovered%n", received,
                peer.dropped.sum(), peer.nacksSent.sum(), server.fanoutStats().retransmitted.sum(), peer.recovered.sum());
        PeerSession s0 = new ArrayList<>(server.sessions()).getFirst();
        System.out.printf("server: rtcp in %d, dropped %d, nacks %d, misses %d, reports %d%n", s0.rtcpReceived.sum(), s0.rtcpDropped.sum(),
                server.fanoutStats().nacksReceived.sum(), server.fanoutStats().nackMisses.sum(), server.fanoutStats().receiverReports.sum());
        // (the session is still open: the answers to the last NACKs were counted above)
        assertTrue(peer.dropped.sum() > 0, "loss was applied");
        assertTrue(peer.nacksSent.sum() > 0);
        assertTrue(server.fanoutStats().retransmitted.sum() > 0);
        // A NACK or its retransmission is itself lost 2 % of the time each way, and there is one retry.
        assertTrue(peer.videoRecovered.sum() >= peer.videoDropped.sum() * 0.8, "recovered " + peer.videoRecovered.sum() + " of "
                + peer.videoDropped.sum() + " video packets");
        peer.close();
    }

    @Test
    void hostileDatagramsAreDroppedAndTheViewerPlaysOn() throws Exception {
        ReceivingPeer peer = connect("actpass", 0, false);
        await("DTLS", 5000, peer::connected);
        Random random = new Random(7983);
        try (DatagramSocket attacker = new DatagramSocket()) {
            byte[] junk = new byte[1400];
            for (int i = 0; i < 3000; i++) {
                random.nextBytes(junk);
                int length = 1 + random.nextInt(junk.length);
                junk[0] = (byte) new int[] {0, 1, 22, 23, 128, 144, 200, 255}[i % 8];
                if (i % 8 < 2 && length >= 8) {
                    junk[4] = 0x21; // a STUN magic cookie, so the request reaches the ufrag and integrity checks
                    junk[5] = 0x12;
                    junk[6] = (byte) 0xa4;
                    junk[7] = 0x42;
                }
                attacker.send(new DatagramPacket(junk, length, InetAddress.getLoopbackAddress(), server.udpPort()));
            }
        }
        long frames = peer.videoFrames.sum();
        Thread.sleep(1500);
        assertTrue(peer.videoFrames.sum() - frames > 25, "the viewer kept playing");
        assertTrue(server.transportStats().unknownSource.sum() > 0);
        assertTrue(server.transportStats().stunCount(StunResponder.Outcome.MALFORMED) > 0);
        assertNull(peer.failure, peer.failure);
        peer.close();
    }

    @Test
    void iceTcpAnswersAFramedConnectivityCheckAndClosesAStranger() throws Exception {
        ReceivingPeer peer = new ReceivingPeer(CRYPTO, DtlsCertificate.generate(CRYPTO), "actpass", 0, false);
        PeerSession session = server.answer(peer.offer(), stream);
        String remoteUfrag = session.negotiated().remoteUfrag();
        assertTrue(session.negotiated().localSdp().contains(" tcp ") && session.negotiated().localSdp().contains("tcptype passive"));
        byte[] password = session.localCredentials().passwordBytes();
        byte[] check = io.braid.webrtc.stun.StunMessageWriter.request(io.braid.webrtc.stun.StunMessage.BINDING_REQUEST)
                .username(session.localCredentials().ufrag() + ":" + remoteUfrag).priority(1).flag(io.braid.webrtc.stun.StunAttribute.USE_CANDIDATE)
                .buildSigned(password);
        try (java.net.Socket tcp = new java.net.Socket(InetAddress.getLoopbackAddress(), server.tcpPort())) {
            tcp.setSoTimeout(3000);
            java.io.DataOutputStream out = new java.io.DataOutputStream(tcp.getOutputStream());
            out.writeShort(check.length); // RFC 4571 framing
            out.write(check);
            out.flush();
            java.io.DataInputStream in = new java.io.DataInputStream(tcp.getInputStream());
            byte[] response = new byte[in.readUnsignedShort()];
            in.readFully(response);
            io.braid.webrtc.stun.StunMessage m = io.braid.webrtc.stun.StunMessage.decode(response, 0, response.length);
            assertEquals(io.braid.webrtc.stun.StunMessage.BINDING_SUCCESS, m.type());
            assertTrue(m.integrityMatches(password));
            assertEquals(tcp.getLocalPort(), m.xorMappedAddress().getPort());
            await("the session's path", 2000, () -> session.path() != null);
            assertEquals("tcp", session.path().protocol());
            assertEquals(SessionState.HANDSHAKING, session.state(), "a passed check starts DTLS over that connection");
        }
        try (java.net.Socket stranger = new java.net.Socket(InetAddress.getLoopbackAddress(), server.tcpPort())) {
            stranger.setSoTimeout(3000);
            stranger.getOutputStream().write(new byte[] {0, 4, 22, (byte) 0xfe, (byte) 0xfd, 0});
            assertEquals(-1, stranger.getInputStream().read(), "a connection whose first frame is not a check is closed");
        }
        session.close("test over");
        peer.close();
    }

    @Test
    void aSessionWithoutConsentIsClosed() throws Exception {
        ReceivingPeer peer = connect("actpass", 0, false);
        await("DTLS", 5000, peer::connected);
        PeerSession session = new ArrayList<>(server.sessions()).getFirst();
        await("server side connected", 2000, () -> session.state() == SessionState.CONNECTED);
        peer.close();
        assertTrue(session.expireIfStale(System.nanoTime() + PeerSession.CONSENT_TIMEOUT_NANOS + 1_000_000_000L));
        assertEquals(SessionState.CLOSED, session.state());
        await("ended", 1000, () -> !ended.isEmpty());
        assertTrue(ended.getFirst().contains("consent"), ended.getFirst());
        assertEquals(0, stream.viewerCount());
    }
}
