package io.braid.rtmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.AudioFrame;
import io.braid.media.OpusFrame;
import io.braid.media.Samples;
import io.braid.media.VideoFrame;
import io.braid.media.amf.Amf0Reader;
import io.braid.media.flv.FlvReader;
import io.braid.media.h264.AvcConfig;
import io.braid.media.opus.OpusHead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RTMP in, frames, RTMP out: what a player of the origin gets from a publisher's messages. */
class FramesToRtmpTest {
    @TempDir
    static Path dir;
    static List<RtmpMessage> published = new ArrayList<>();

    @BeforeAll
    static void sample() throws Exception {
        published.add(new RtmpMessage(RtmpMessage.DATA_AMF0, 1, 0, io.braid.media.amf.Amf0Writer.encode("onMetaData", Map.of("custom", "x"))));
        for (FlvReader.Tag t : Samples.tags(Samples.flv(dir, 320, 240, 2))) {
            if (t.type() != FlvReader.SCRIPT) {
                published.add(new RtmpMessage(t.type(), 1, t.timestampMs(), t.body()));
            }
        }
    }

    private static List<RtmpMessage> relay(List<RtmpMessage> in) {
        List<RtmpMessage> out = new ArrayList<>();
        RtmpToFrames publisher = new RtmpToFrames(new FramesToRtmp(out::add), reason -> {
        });
        in.forEach(publisher::message);
        return out;
    }

    @Test
    void playersGetHeadersThenTheStreamsOwnMetadataThenThePublishersBodies() {
        List<RtmpMessage> out = relay(published);
        assertTrue(out.get(0).isSequenceHeader() && out.get(0).typeId() == RtmpMessage.VIDEO, "AVC sequence header first");
        assertTrue(out.get(1).isSequenceHeader() && out.get(1).typeId() == RtmpMessage.AUDIO, "then AAC's");
        assertEquals(RtmpMessage.DATA_AMF0, out.get(2).typeId(), "onMetaData before the first frame");
        List<Object> metadata = new Amf0Reader(out.get(2).payload()).readAll();
        assertEquals("onMetaData", metadata.get(0));
        Map<?, ?> m = (Map<?, ?>) metadata.get(1);
        assertEquals(320.0, ((Number) m.get("width")).doubleValue());
        assertEquals(240.0, ((Number) m.get("height")).doubleValue());
        assertEquals(7.0, ((Number) m.get("videocodecid")).doubleValue());
        assertEquals(10.0, ((Number) m.get("audiocodecid")).doubleValue());
        assertEquals(48000.0, ((Number) m.get("audiosamplerate")).doubleValue());
        assertTrue(!m.containsKey("custom"), "the publisher's metadata is not passed on");

        // ffmpeg ends its FLV with an AVC end-of-sequence tag: no frame, so players do not get it.
        List<RtmpMessage> publishedMedia = published.stream()
                .filter(p -> p.isMedia() && !p.isSequenceHeader() && !(p.typeId() == RtmpMessage.VIDEO && p.payload()[1] == 2)).toList();
        List<RtmpMessage> relayedMedia = out.subList(3, out.size());
        assertEquals(publishedMedia.size(), relayedMedia.size());
        for (int i = 0; i < publishedMedia.size(); i++) {
            assertSame(publishedMedia.get(i).payload(), relayedMedia.get(i).payload(), "forwarded without a copy");
            assertEquals(publishedMedia.get(i).timestamp(), relayedMedia.get(i).timestamp());
            assertEquals(publishedMedia.get(i).isVideoKeyframe(), relayedMedia.get(i).isVideoKeyframe());
        }
    }

    /** A new configuration (a resolution change) is followed by new metadata before the next frame. */
    @Test
    void aNewConfigurationBringsNewMetadata() {
        List<RtmpMessage> out = new ArrayList<>();
        FramesToRtmp rtmp = new FramesToRtmp(out::add);
        RtmpMessage header = published.stream().filter(p -> p.typeId() == RtmpMessage.VIDEO && p.isSequenceHeader()).findFirst().orElseThrow();
        AvcConfig config = AvcConfig.parse(header.payload(), 5, header.payload().length - 5);
        byte[] idr = {0x65, 1, 2, 3};
        rtmp.video(new VideoFrame(0, 0, true, idr, List.of(new int[] {0, 4})));
        assertTrue(out.isEmpty(), "no frame before its configuration");
        rtmp.videoConfig(config);
        rtmp.video(new VideoFrame(0, 0, true, idr, List.of(new int[] {0, 4})));
        rtmp.video(new VideoFrame(33, 33, false, new byte[] {0x41, 9}, List.of(new int[] {0, 2})));
        rtmp.audio(new AudioFrame(40, new byte[] {1, 2}, 0, 2));
        assertEquals(List.of("VIDEO header", "DATA", "VIDEO key", "VIDEO"), kinds(out), "audio without a configuration is not sent");
        out.clear();
        rtmp.videoConfig(config);
        rtmp.video(new VideoFrame(66, 66, true, idr, List.of(new int[] {0, 4})));
        assertEquals(List.of("VIDEO header", "DATA", "VIDEO key"), kinds(out));
        assertEquals(33, out.getFirst().timestamp(), "a header mid-stream carries the stream's time");
    }

    /** A WHIP stream's Opus: an Enhanced RTMP sequence start and packets, none before the header, no new metadata. */
    @Test
    void thePublishersOpusGoesOutInEnhancedRtmp() {
        List<RtmpMessage> out = new ArrayList<>();
        FramesToRtmp rtmp = new FramesToRtmp(out::add);
        byte[] packet = {(byte) 0xFC, 7, 7};
        rtmp.opus(new OpusFrame(0, packet));
        assertTrue(out.isEmpty(), "no packet before its header");
        rtmp.opusConfig(OpusHead.rtp());
        rtmp.opus(new OpusFrame(20, packet));
        assertEquals(List.of("AUDIO header", "AUDIO"), kinds(out));
        RtmpMessage header = out.get(0);
        assertTrue(header.isOpusAudio());
        assertEquals(0x90, header.payload()[0] & 0xFF, "sound format 9 (ExHeader), packet type 0 (sequence start)");
        assertEquals("Opus", new String(header.payload(), 1, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(OpusHead.rtp(), OpusHead.parse(header.payload(), 5, header.payload().length - 5));
        RtmpMessage frame = out.get(1);
        assertTrue(frame.isOpusAudio() && !frame.isSequenceHeader());
        assertEquals(0x91, frame.payload()[0] & 0xFF, "packet type 1 (coded frames)");
        assertEquals(20, frame.timestamp());
        assertArrayEquals(packet, java.util.Arrays.copyOfRange(frame.payload(), 5, frame.payload().length));
        assertFalse(published.stream().anyMatch(RtmpMessage::isOpusAudio), "AAC is not taken for Opus");
    }

    private static List<String> kinds(List<RtmpMessage> messages) {
        return messages.stream().map(m -> m.typeId() == RtmpMessage.DATA_AMF0 ? "DATA"
                : (m.typeId() == RtmpMessage.VIDEO ? "VIDEO" : "AUDIO") + (m.isSequenceHeader() ? " header" : m.isVideoKeyframe() ? " key" : "")).toList();
    }
}
