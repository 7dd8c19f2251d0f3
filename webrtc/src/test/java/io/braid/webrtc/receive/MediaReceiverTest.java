package io.braid.webrtc.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.webrtc.rtcp.RtcpPacket;
import io.braid.webrtc.rtcp.RtcpParser;
import io.braid.webrtc.rtp.H264AccessUnit;
import io.braid.webrtc.rtp.H264Packetizer;
import io.braid.webrtc.rtp.OpusPacketizer;
import io.braid.webrtc.rtp.RtpPacket;
import io.braid.webrtc.sdp.DtlsRole;
import io.braid.webrtc.sdp.Negotiated;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MediaReceiverTest {
    static final int VIDEO_PT = 106;
    static final int AUDIO_PT = 111;
    static final int VIDEO_SSRC = 0x1234;
    static final int AUDIO_SSRC = 0x5678;
    static final long MS = 1_000_000L;

    static Negotiated negotiated(int transportCc) {
        return new Negotiated("", "u", "p", "sha-256", "AA", DtlsRole.CLIENT, VIDEO_PT, AUDIO_PT, "1", "0", transportCc);
    }

    static final class Collected implements MediaReceiver.Sink {
        final List<H264AccessUnit> pictures = new ArrayList<>();
        final List<Long> videoPts = new ArrayList<>();
        final List<byte[]> audio = new ArrayList<>();
        final List<Long> audioPts = new ArrayList<>();

        @Override
        public void video(H264AccessUnit picture, long ptsMs) {
            pictures.add(picture);
            videoPts.add(ptsMs);
        }

        @Override
        public void audio(byte[] opus, long ptsMs) {
            audio.add(opus);
            audioPts.add(ptsMs);
        }
    }

    /** Every compound RTCP packet the receiver sent, parsed. */
    static final class Rtcp {
        final List<RtcpPacket> packets = new ArrayList<>();
        final List<byte[]> raw = new ArrayList<>();

        void accept(byte[] compound) {
            raw.add(compound);
            try {
                packets.addAll(RtcpParser.parse(compound, 0, compound.length));
            } catch (Exception e) {
                throw new AssertionError("the receiver wrote RTCP our parser refuses", e);
            }
        }

        <T extends RtcpPacket> List<T> of(Class<T> kind) {
            return packets.stream().filter(kind::isInstance).map(kind::cast).toList();
        }
    }

    static byte[] nal(int header, int size, int seed) {
        byte[] n = new byte[size];
        new Random(seed).nextBytes(n);
        n[0] = (byte) header;
        return n;
    }

    static final byte[] SPS = {0x67, 0x64, 0x00, 0x1f, (byte) 0xac, 0x2c};
    static final byte[] PPS = {0x68, (byte) 0xee, 0x3c, (byte) 0x80};

    /** A GOP of {@code frames} pictures at 30 fps: an IDR (with SPS/PPS) then P frames, 3 KB each (FU-A). */
    static List<RtpPacket> gop(H264Packetizer packetizer, long firstTimestamp, int frames) throws Exception {
        List<RtpPacket> out = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            List<byte[]> nals = i == 0 ? List.of(SPS, PPS, nal(0x65, 3000, i)) : List.of(nal(0x41, 3000, i));
            out.addAll(packetizer.packetize(nals, (firstTimestamp + 3000L * i) & 0xFFFF_FFFFL));
        }
        return out;
    }

    @Test
    void shuffledDuplicatedVideoComesOutInOrderOnTheMillisecondTimeline() throws Exception {
        Collected sink = new Collected();
        Rtcp rtcp = new Rtcp();
        long t = 1_000 * MS;
        MediaReceiver r = new MediaReceiver(negotiated(-1), sink, rtcp::accept, t);
        H264Packetizer packetizer = new H264Packetizer(1200, VIDEO_PT, VIDEO_SSRC, 65_500); // wraps the sequence
        List<RtpPacket> packets = gop(packetizer, 4_294_960_000L, 60); // and the timestamp
        Random random = new Random(7);
        for (int from = 0; from < packets.size(); from += 8) { // reordered within windows of 8, a few duplicated
            List<RtpPacket> window = new ArrayList<>(packets.subList(from, Math.min(packets.size(), from + 8)));
            Collections.shuffle(window, random);
            window.add(window.get(0));
            for (RtpPacket p : window) {
                r.rtp(p.bytes(), p.length(), t);
            }
            t += 33 * MS;
            r.tick(t);
        }
        r.tick(t + 300 * MS);
        assertEquals(60, sink.pictures.size());
        assertTrue(sink.pictures.get(0).keyframe());
        for (int i = 0; i < 60; i++) {
            assertEquals(i * 3000 / 90, sink.videoPts.get(i), "picture " + i + " at 33.3 ms steps from 0, across the wrap");
        }
        assertEquals(3000, sink.pictures.get(5).nals().get(0).length);
        MediaReceiver.Figures f = r.figures();
        assertEquals(0, f.lost());
        assertTrue(f.duplicates() + f.late() == (packets.size() + 7) / 8, "each window's repeated packet counted (held: duplicate; released: late)");
        assertEquals(0, f.droppedPictures());
        assertFalse(rtcp.of(RtcpPacket.ReceiverReport.class).isEmpty());
    }

    @Test
    void aGapIsNackedAndTheRetransmissionFillsIt() throws Exception {
        Collected sink = new Collected();
        Rtcp rtcp = new Rtcp();
        long t = 0;
        MediaReceiver r = new MediaReceiver(negotiated(-1), sink, rtcp::accept, t);
        List<RtpPacket> packets = gop(new H264Packetizer(1200, VIDEO_PT, VIDEO_SSRC, 100), 0, 10);
        RtpPacket missing = packets.get(7);
        for (RtpPacket p : packets) {
            if (p != missing) {
                r.rtp(p.bytes(), p.length(), t);
            }
        }
        int before = sink.pictures.size();
        assertTrue(before < 10, "pictures after the gap are held");
        r.tick(t += 5 * MS);
        List<RtcpPacket.Nack> nacks = rtcp.of(RtcpPacket.Nack.class);
        assertEquals(1, nacks.size());
        assertEquals(VIDEO_SSRC, nacks.get(0).mediaSsrc());
        assertEquals(List.of(missing.sequence()), nacks.get(0).lost());
        r.tick(t += 10 * MS);
        assertEquals(1, rtcp.of(RtcpPacket.Nack.class).size(), "not repeated before the NACK interval");
        r.tick(t += 40 * MS);
        assertEquals(2, rtcp.of(RtcpPacket.Nack.class).size(), "repeated after it");
        r.rtp(missing.bytes(), missing.length(), t += 20 * MS);
        assertEquals(10, sink.pictures.size(), "everything held behind the gap came out (" + before + " before)");
        assertEquals(0, r.figures().lost());
        assertEquals(0, r.figures().droppedPictures());
    }

    @Test
    void aLossGivenUpDropsThePicturesUntilAKeyframeAndAsksForOne() throws Exception {
        Collected sink = new Collected();
        Rtcp rtcp = new Rtcp();
        long t = 0;
        MediaReceiver r = new MediaReceiver(negotiated(-1), sink, rtcp::accept, t);
        r.tick(t); // nothing received yet: no PLI for a track that has not started
        assertTrue(rtcp.of(RtcpPacket.PictureLoss.class).isEmpty());
        List<RtpPacket> packets = gop(new H264Packetizer(1200, VIDEO_PT, VIDEO_SSRC, 100), 0, 10);
        int lost = 8;
        for (int i = 0; i < packets.size(); i++) {
            if (i != lost) {
                r.rtp(packets.get(i).bytes(), packets.get(i).length(), t);
            }
        }
        r.tick(t += MS);
        int first = rtcp.of(RtcpPacket.PictureLoss.class).size();
        assertEquals(0, first, "the keyframe came at once: no PLI needed at the start");
        for (int i = 0; i < 30; i++) {
            r.tick(t += 20 * MS); // past the hold time
        }
        assertEquals(1, r.figures().lost());
        assertTrue(sink.pictures.size() < 10, "pictures after the hole wait for a keyframe: " + sink.pictures.size());
        assertEquals(1, rtcp.of(RtcpPacket.PictureLoss.class).size(), "one PLI for the broken chain");
        assertEquals(VIDEO_SSRC, rtcp.of(RtcpPacket.PictureLoss.class).get(0).mediaSsrc());
        assertTrue(r.figures().droppedPictures() > 0);
        assertEquals(3, rtcp.of(RtcpPacket.Nack.class).size(), "the retry limit");
    }

    @Test
    void keyframesAreAskedForAtTheStartWhenAConsumerNeedsOneAndWhenTheyStopComing() throws Exception {
        Collected sink = new Collected();
        Rtcp rtcp = new Rtcp();
        long t = 0;
        MediaReceiver r = new MediaReceiver(negotiated(-1), sink, rtcp::accept, t);
        H264Packetizer packetizer = new H264Packetizer(1200, VIDEO_PT, VIDEO_SSRC, 1);
        List<RtpPacket> first = packetizer.packetize(List.of(nal(0x41, 500, 0)), 0);
        r.rtp(first.get(0).bytes(), first.get(0).length(), t);
        r.tick(t += MS);
        assertEquals(1, rtcp.of(RtcpPacket.PictureLoss.class).size(), "a publisher that starts without a keyframe is asked for one");
        for (RtpPacket p : packetizer.packetize(List.of(SPS, PPS, nal(0x65, 3000, 1)), 3000)) {
            r.rtp(p.bytes(), p.length(), t);
        }
        r.requestKeyframe();
        r.tick(t += 100 * MS);
        assertEquals(1, rtcp.of(RtcpPacket.PictureLoss.class).size(), "throttled");
        r.tick(t += 400 * MS);
        assertEquals(2, rtcp.of(RtcpPacket.PictureLoss.class).size(), "the consumer's request, once the throttle allows");
        r.tick(t += 600 * MS);
        assertEquals(2, rtcp.of(RtcpPacket.PictureLoss.class).size(), "a request is answered once");
        for (int i = 0; i < 200; i++) { // P frames only for 4 s
            for (RtpPacket p : packetizer.packetize(List.of(nal(0x41, 500, i)), 3000L * (i + 2))) {
                r.rtp(p.bytes(), p.length(), t);
            }
            r.tick(t += 20 * MS);
        }
        int periodic = rtcp.of(RtcpPacket.PictureLoss.class).size() - 2;
        assertTrue(periodic >= 1 && periodic <= 8, "PLIs while 2.5 s pass without a keyframe: " + periodic);
        assertEquals(201, sink.pictures.size(), "all but the first P frame, which came before any keyframe");
    }

    @Test
    void opusComesOutWithTwentyMillisecondStepsAndSenderReportsAlignTheTracks() throws Exception {
        Collected sink = new Collected();
        Rtcp rtcp = new Rtcp();
        long t = 0;
        MediaReceiver r = new MediaReceiver(negotiated(-1), sink, rtcp::accept, t);
        OpusPacketizer opus = new OpusPacketizer(AUDIO_PT, AUDIO_SSRC, 9);
        H264Packetizer h264 = new H264Packetizer(1200, VIDEO_PT, VIDEO_SSRC, 1);
        long audioBase = 77_000;
        long videoBase = 5_000_000;
        // Audio arrives 100 ms before video, though the publisher captured both at the same instant.
        for (int i = 0; i < 5; i++) {
            RtpPacket p = opus.packetize(new byte[] {(byte) 0xfc, 1, 2, (byte) i}, audioBase + 960L * i);
            r.rtp(p.bytes(), p.length(), t + i * 20 * MS);
        }
        for (RtpPacket p : gop(h264, videoBase, 1)) {
            r.rtp(p.bytes(), p.length(), t + 100 * MS);
        }
        assertEquals(List.of(0L, 20L, 40L, 60L, 80L), sink.audioPts);
        assertEquals(List.of(100L), sink.videoPts);
        long ntp = 3_900_000_000L << 32; // both reports name the same instant on the publisher's clock
        r.rtcp(List.of(new RtcpPacket.SenderReport(AUDIO_SSRC, ntp, audioBase, 5, 20, List.of())), t + 100 * MS);
        r.rtcp(List.of(new RtcpPacket.SenderReport(VIDEO_SSRC, ntp, videoBase, 5, 20, List.of())), t + 100 * MS);
        RtpPacket next = opus.packetize(new byte[] {(byte) 0xfc, 9}, audioBase + 960L * 5);
        r.rtp(next.bytes(), next.length(), t + 120 * MS);
        assertEquals(200L, sink.audioPts.get(5), "audio moved by 100 ms to stand with the video it was captured with");
        assertEquals(4, sink.audio.get(3).length);
    }

    @Test
    void transportWideSequenceNumbersGetFeedback() throws Exception {
        Collected sink = new Collected();
        Rtcp rtcp = new Rtcp();
        long t = 0;
        MediaReceiver r = new MediaReceiver(negotiated(3), sink, rtcp::accept, t);
        for (int i = 0; i < 20; i++) {
            byte[] p = withTransportSequence(RtpPacket.of(AUDIO_PT, false, i, 960L * i, AUDIO_SSRC, new byte[] {(byte) 0xfc, 1}, 0, 2), 3, 1000 + i);
            r.rtp(p, p.length, t += 5 * MS);
        }
        r.tick(t += 60 * MS);
        List<RtcpPacket.TransportFeedback> fb = rtcp.of(RtcpPacket.TransportFeedback.class);
        assertEquals(1, fb.size());
        assertEquals(1000, fb.get(0).baseSequence());
        assertEquals(20, fb.get(0).statusCount());
        assertEquals(20, sink.audio.size(), "the extension is stepped over for the payload");
        assertEquals(2, sink.audio.get(0).length);
    }

    /** The packet with a one-byte header extension (RFC 8285) carrying a transport-wide sequence number. */
    static byte[] withTransportSequence(RtpPacket plain, int id, int sequence) {
        byte[] b = plain.bytes();
        byte[] out = new byte[b.length + 8];
        System.arraycopy(b, 0, out, 0, 12);
        out[0] |= 0x10;
        out[12] = (byte) 0xBE;
        out[13] = (byte) 0xDE;
        out[15] = 1;
        out[16] = (byte) (id << 4 | 1);
        out[17] = (byte) (sequence >>> 8);
        out[18] = (byte) sequence;
        System.arraycopy(b, 12, out, 20, b.length - 12);
        return out;
    }

    @Test
    void randomAndMutatedPacketsNeverThrowAndLeaveTheReceiverWorking() throws Exception {
        Random random = new Random(2026);
        Collected sink = new Collected();
        Rtcp rtcp = new Rtcp();
        long t = 0;
        MediaReceiver r = new MediaReceiver(negotiated(3), sink, rtcp::accept, t);
        H264Packetizer packetizer = new H264Packetizer(1200, VIDEO_PT, VIDEO_SSRC, 1);
        List<RtpPacket> valid = gop(packetizer, 0, 30);
        for (int i = 0; i < 200_000; i++) {
            byte[] p;
            int kind = random.nextInt(4);
            if (kind == 0) {
                p = new byte[random.nextInt(1500)];
                random.nextBytes(p);
            } else {
                RtpPacket base = valid.get(random.nextInt(valid.size()));
                p = Arrays.copyOf(base.bytes(), kind == 1 ? random.nextInt(base.length() + 1) : base.length());
                for (int m = random.nextInt(6); m > 0 && p.length > 0; m--) {
                    p[random.nextInt(p.length)] ^= (byte) (1 << random.nextInt(8));
                }
                if (kind == 3 && p.length > 12) {
                    p[1] = (byte) (p[1] & 0x80 | (random.nextBoolean() ? VIDEO_PT : AUDIO_PT)); // a taken payload type and SSRC
                    p[8] = 0;
                    p[9] = 0;
                    p[10] = 0x12;
                    p[11] = 0x34;
                }
            }
            r.rtp(p, p.length, t += 100_000);
            if (i % 100 == 0) {
                r.tick(t);
            }
        }
        assertTrue(r.figures().malformed() + r.ignoredPackets() > 0);
        assertTrue(rtcp.raw.stream().allMatch(b -> b.length <= 1500), "every RTCP packet fits a datagram");
        // The same receiver still takes a clean stream: a jump in sequence restarts its window.
        int before = sink.pictures.size();
        H264Packetizer restart = new H264Packetizer(1200, VIDEO_PT, VIDEO_SSRC, 40_000);
        for (RtpPacket p : gop(restart, 0, 30)) {
            r.rtp(p.bytes(), p.length(), t += MS);
        }
        for (int i = 0; i < 20; i++) {
            r.tick(t += 20 * MS);
        }
        assertTrue(sink.pictures.size() - before >= 25, "pictures after the noise: " + (sink.pictures.size() - before));
    }
}
