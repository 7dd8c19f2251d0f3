package io.braid.ingest.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.core.broadcast.PublishReport;
import io.braid.media.Samples;
import io.braid.media.flv.FlvReader;
import io.braid.media.hls.HlsOptions;
import io.braid.media.hls.HlsPackager;
import io.braid.media.hls.HlsSegment;
import io.braid.media.ts.TsDemuxer;
import io.braid.media.ts.TsToFrames;
import io.braid.rtmp.RtmpMessage;
import io.braid.rtmp.RtmpPlayer;
import io.braid.rtmp.RtmpToFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The origin's stream core with both ingest adapters: an RTMP publisher's messages and an SRT publisher's MPEG-TS each
 * become frames that reach HLS packaging and RTMP players alike, and the stream reports what it carries.
 */
class LiveStreamTest {
    @TempDir
    static Path dir;
    static List<RtmpMessage> rtmp = new ArrayList<>();
    static byte[] ts;

    @BeforeAll
    static void samples() throws Exception {
        for (FlvReader.Tag t : Samples.tags(Samples.flv(dir, 320, 240, 5))) {
            if (t.type() != FlvReader.SCRIPT) {
                rtmp.add(new RtmpMessage(t.type(), 1, t.timestampMs(), t.body()));
            }
        }
        Path file = dir.resolve("b-frames.ts");
        Samples.run(dir, "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "5", "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "25",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "mpegts", file.toString());
        ts = Files.readAllBytes(file);
    }

    private static final class Player implements RtmpPlayer {
        final List<RtmpMessage> got = new ArrayList<>();
        String closedWith;

        @Override
        public void send(RtmpMessage message) {
            got.add(message);
        }

        @Override
        public void close(String reason) {
            closedWith = reason;
        }

        @Override
        public String remoteAddress() {
            return "test";
        }

        long frames(int type) {
            return got.stream().filter(m -> m.typeId() == type && !m.isSequenceHeader()).count();
        }
    }

    private final List<HlsSegment> segments = new ArrayList<>();
    private final List<String> ended = new ArrayList<>();

    private LiveStream stream(String protocol) {
        HlsPackager hls = new HlsPackager("s", new HlsOptions(1, 0, "", 10), 1, () -> 0L, (segment, after) -> segments.add(segment));
        return new LiveStream("LiveApp", "s", "session", null, true, hls, protocol, null, (s, reason) -> ended.add(reason));
    }

    @Test
    void rtmpPublishReachesHlsAndPlayers() {
        LiveStream stream = stream("RTMP");
        Player early = new Player();
        stream.players().addPlayer(early);
        RtmpToFrames publisher = new RtmpToFrames(stream, stream::closed);
        rtmp.forEach(publisher::message);

        assertTrue(stream.described());
        PublishReport report = stream.report("node", "127.0.0.1");
        assertEquals("RTMP", report.publishType());
        assertEquals("h264", report.videoCodec());
        assertEquals("aac", report.audioCodec());
        assertEquals(320, report.width());
        assertEquals(PublishReport.WEBRTC_AS_PUBLISHED, report.webRTCVideo(), "no B-frames");
        long publishedVideo = rtmp.stream().filter(m -> m.typeId() == RtmpMessage.VIDEO && !m.isSequenceHeader() && m.payload()[1] == 1).count();
        assertEquals(publishedVideo, early.frames(RtmpMessage.VIDEO));
        assertTrue(early.got.stream().anyMatch(m -> m.typeId() == RtmpMessage.DATA_AMF0), "metadata");

        Player late = new Player();
        stream.players().addPlayer(late);
        assertEquals(RtmpMessage.DATA_AMF0, late.got.get(0).typeId(), "a new player starts with metadata");
        assertTrue(late.got.get(1).isSequenceHeader() && late.got.get(2).isSequenceHeader(), "then both sequence headers");
        assertTrue(late.got.stream().filter(m -> m.typeId() == RtmpMessage.VIDEO && !m.isSequenceHeader()).findFirst().orElseThrow().isVideoKeyframe(),
                "then the GOP from its keyframe");

        publisher.closed("the publisher disconnected");
        publisher.closed("again");
        assertEquals(List.of("the publisher disconnected"), ended, "the end is told once");
        assertEquals("the publisher disconnected", early.closedWith);
        assertTrue(stream.hls().snapshot().ended());
        assertTrue(segments.size() >= 4, "1 s segments of 5 s: " + segments.size());
    }

    @Test
    void srtPublishReachesHlsAndPlayersWithBFramesReported() {
        LiveStream stream = stream("SRT");
        Player player = new Player();
        stream.players().addPlayer(player);
        TsToFrames frames = new TsToFrames(stream);
        TsDemuxer demuxer = new TsDemuxer(frames);
        for (int i = 0; i < ts.length; i += 1316) {
            demuxer.feed(ts, i, Math.min(1316, ts.length - i));
        }
        demuxer.finish();
        stream.closed("end");

        PublishReport report = stream.report("node", "127.0.0.1");
        assertEquals(640, report.width());
        assertEquals("aac", report.audioCodec());
        assertEquals(PublishReport.WEBRTC_REENCODED, report.webRTCVideo(), "B-frames");
        assertEquals(125, player.frames(RtmpMessage.VIDEO), "5 s at 25 fps");
        assertTrue(player.frames(RtmpMessage.AUDIO) > 200, "48 kHz AAC is 47 frames a second");
        assertEquals(0, frames.skipped());
        assertFalse(segments.isEmpty());
        assertTrue(player.got.get(0).isSequenceHeader() && player.got.get(1).isSequenceHeader(), "both headers before media");
    }

    /** A WHIP publisher's Opus reaches the RTMP players' fan-out beside the AAC, and HLS segments stay AAC only. */
    @Test
    void thePublishersOpusReachesPlayersButNotHls() {
        LiveStream stream = stream("WebRTC");
        Player player = new Player();
        stream.players().addPlayer(player);
        RtmpToFrames publisher = new RtmpToFrames(stream, stream::closed);
        stream.opusConfig(io.braid.media.opus.OpusHead.rtp());
        byte[] packet = {(byte) 0xFC, 1, 2};
        for (RtmpMessage m : rtmp) {
            publisher.message(m);
            if (m.typeId() == RtmpMessage.AUDIO && !m.isSequenceHeader()) {
                stream.opus(new io.braid.media.OpusFrame(m.timestamp(), packet));
            }
        }
        stream.closed("end");
        long aac = player.got.stream().filter(m -> m.typeId() == RtmpMessage.AUDIO && !m.isOpusAudio() && !m.isSequenceHeader()).count();
        long opus = player.got.stream().filter(m -> m.isOpusAudio() && !m.isSequenceHeader()).count();
        assertTrue(aac > 200, aac + " AAC frames");
        assertEquals(aac, opus, "an Opus packet beside each");
        assertTrue(player.got.stream().anyMatch(m -> m.isOpusAudio() && m.isSequenceHeader()), "the Opus header");
        assertEquals("aac", stream.report("node", "127.0.0.1").audioCodec());
        assertFalse(segments.isEmpty());
        for (HlsSegment segment : segments) {
            byte[] bytes = segment.data().toByteArray();
            // Opus in MPEG-TS would need a registration descriptor "Opus" in the PMT: HLS players here take AAC
            assertFalse(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("Opus"), "no Opus track in the TS");
        }
    }
}
