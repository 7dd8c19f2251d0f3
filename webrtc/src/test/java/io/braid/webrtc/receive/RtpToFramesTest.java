package io.braid.webrtc.receive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.AudioFrame;
import io.braid.media.MediaSink;
import io.braid.media.OpusFrame;
import io.braid.media.VideoFrame;
import io.braid.media.aac.AacEncoder;
import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.h264.AvcConfig;
import io.braid.media.opus.OpusHead;
import io.braid.webrtc.rtp.H264AccessUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpToFramesTest {
    /** x264's SPS and PPS for 320x240 baseline. */
    static final byte[] SPS = HexFormat.of().parseHex("6742c00dd90141fb0110000003001000000303c0f142a480");
    static final byte[] PPS = HexFormat.of().parseHex("68cb83cb20");
    static final byte[] IDR = {0x65, (byte) 0x88, (byte) 0x84, 0x08};
    static final byte[] P = {0x41, (byte) 0x9a, 0x02, 0x03};
    static final byte[] AUD = {0x09, (byte) 0xf0};

    /** What the stream core is told, in order. */
    static class Recorder implements MediaSink {
        final List<String> calls = new ArrayList<>();
        final List<VideoFrame> video = new ArrayList<>();
        final List<AudioFrame> audio = new ArrayList<>();

        @Override
        public void videoConfig(AvcConfig config) {
            calls.add("videoConfig " + config.info().width() + "x" + config.info().height());
        }

        @Override
        public void audioConfig(AudioSpecificConfig config) {
            calls.add("audioConfig " + config.sampleRate());
        }

        @Override
        public void video(VideoFrame frame) {
            calls.add("video " + frame.dtsMs() + (frame.keyframe() ? " key" : ""));
            video.add(frame);
        }

        @Override
        public void audio(AudioFrame frame) {
            calls.add("audio " + frame.ptsMs());
            audio.add(frame);
        }
    }

    /** Passes each packet through as one "AAC" frame at its own time (the real encoder is the transcoder module's). */
    static final class PassThrough implements AacEncoder {
        final AudioSpecificConfig config = AudioSpecificConfig.ofAdts(1, 3, 2);

        @Override
        public AudioSpecificConfig config() {
            return config;
        }

        @Override
        public void push(byte[] packet, long ptsMs, Output out) {
            out.aac(packet, ptsMs);
        }

        @Override
        public void close() {
        }
    }

    static H264AccessUnit picture(byte[]... nals) {
        return new H264AccessUnit(0, List.of(nals), nals[nals.length - 1][0] == 0x65);
    }

    @Test
    void startsAtTheFirstKeyframeWithBothConfigurationsFirst() {
        Recorder r = new Recorder();
        RtpToFrames t = new RtpToFrames(r, new PassThrough(), true);
        t.video(picture(P), 900);           // no parameter sets yet
        t.audio(new byte[] {1}, 920);        // before the first keyframe: dropped
        t.video(picture(AUD, SPS, PPS, IDR), 1000);
        t.audio(new byte[] {2}, 990);        // from before the keyframe
        t.audio(new byte[] {3}, 1010);
        t.video(picture(P), 1033);
        assertEquals(List.of("videoConfig 320x240", "audioConfig 48000", "video 0 key", "audio 10", "video 33"), r.calls);
        assertEquals(1, t.skipped());
        VideoFrame key = r.video.getFirst();
        assertEquals(1, key.nalUnits().size(), "the parameter sets and the delimiter are not in the picture");
        int[] n = key.nalUnits().getFirst();
        assertArrayEquals(IDR, java.util.Arrays.copyOfRange(key.data(), n[0], n[0] + n[1]));
    }

    /** The publisher's Opus goes on untouched beside the AAC, its header first, on the same timeline. */
    @Test
    void thePublishersOpusGoesOnAsItCameWithItsHeaderBeforeTheAacOne() {
        List<OpusFrame> opus = new ArrayList<>();
        Recorder r = new Recorder() {
            @Override
            public void opusConfig(OpusHead head) {
                calls.add("opusConfig " + head.channels());
            }

            @Override
            public void opus(OpusFrame frame) {
                calls.add("opus " + frame.ptsMs());
                opus.add(frame);
            }
        };
        RtpToFrames t = new RtpToFrames(r, new PassThrough(), true);
        t.audio(new byte[] {1}, 920);        // before the first keyframe: dropped
        t.video(picture(AUD, SPS, PPS, IDR), 1000);
        t.audio(new byte[] {2}, 990);        // from before the keyframe
        byte[] packet = {(byte) 0xFC, 3};
        t.audio(packet, 1010);
        t.audio(new byte[] {(byte) 0xFC, 4}, 1005); // the timeline moved back (lip sync): never before the one it follows
        assertEquals(List.of("videoConfig 320x240", "opusConfig 2", "audioConfig 48000", "video 0 key", "audio 10", "opus 10", "audio 10", "opus 10"),
                r.calls);
        assertTrue(opus.getFirst().data() == packet, "the packet itself, not a copy");
    }

    @Test
    void timesNeverGoBackAndChangedParameterSetsAreAnnouncedAgain() {
        Recorder r = new Recorder();
        RtpToFrames t = new RtpToFrames(r, new PassThrough(), true);
        t.video(picture(SPS, PPS, IDR), 5000);
        t.audio(new byte[] {1}, 5040);
        t.audio(new byte[] {1}, 5020);       // the receiver's timeline moved back (lip sync)
        t.video(picture(P), 4990);
        byte[] otherPps = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
        t.video(picture(SPS, otherPps, IDR), 5100);
        t.video(picture(SPS, otherPps, IDR), 5200);
        assertEquals(List.of("videoConfig 320x240", "audioConfig 48000", "video 0 key", "audio 40", "audio 40", "video 0",
                "videoConfig 320x240", "video 100 key", "video 200 key"), r.calls);
    }

    @Test
    void audioStartsAloneWhenNoVideoComesAndASessionWithoutVideoStartsAtOnce() {
        Recorder r = new Recorder();
        RtpToFrames t = new RtpToFrames(r, new PassThrough(), true);
        for (long ms = 0; ms <= RtpToFrames.AUDIO_ONLY_AFTER_MS + 40; ms += 20) {
            t.audio(new byte[] {1}, 10_000 + ms);
        }
        assertEquals("audioConfig 48000", r.calls.getFirst());
        assertEquals(List.of(0L, 20L, 40L), r.audio.stream().map(AudioFrame::ptsMs).toList());

        Recorder alone = new Recorder();
        RtpToFrames audioOnly = new RtpToFrames(alone, new PassThrough(), false);
        audioOnly.audio(new byte[] {1}, 300);
        assertEquals(List.of("audioConfig 48000", "audio 0"), alone.calls);
    }

    @Test
    void anUnreadableSpsIsSkippedUntilAGoodOneComes() {
        Recorder r = new Recorder();
        RtpToFrames t = new RtpToFrames(r, null, true);
        t.video(picture(new byte[] {0x67, 0x42}, PPS, IDR), 0);
        t.video(picture(new byte[] {0x67}, PPS, IDR), 10);
        t.video(picture(new byte[] {}, SPS, PPS, IDR), 20);
        t.audio(new byte[] {1}, 30);       // no audio in this session
        assertEquals(List.of("videoConfig 320x240", "video 0 key"), r.calls);
        assertEquals(2, t.skipped());
        assertTrue(r.audio.isEmpty());
    }
}
