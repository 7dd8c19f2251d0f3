package io.braid.transcode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.OpusFrame;
import io.braid.media.Samples;
import io.braid.media.flv.FlvReader;
import io.braid.media.flv.FlvTagWriter;
import io.braid.media.opus.OpusHead;
import io.braid.media.opus.OpusPacket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feed over real files made by Debian's ffmpeg: pass-through without B-frames, a re-encode with them, Opus. */
class WebRtcFeedTest {
    @TempDir
    Path dir;

    static class Collected implements FeedSink {
        final int audioSpacingExpected;
        byte[] sps;
        final List<Long> videoTimestamps = new ArrayList<>();
        int keyframes;
        int audioPackets;
        long lastAudio = -1;
        boolean audioSpacing = true;
        boolean audioDurations = true;
        final List<String> notes = new ArrayList<>();

        Collected(OpusFrameDuration frame) {
            audioSpacingExpected = frame.samples48k();
        }

        @Override
        public void parameterSets(byte[] sps, byte[] pps) {
            this.sps = sps;
        }

        @Override
        public void video(List<byte[]> nals, long timestamp90k, boolean keyframe) {
            videoTimestamps.add(timestamp90k);
            if (keyframe) {
                keyframes++;
            }
        }

        @Override
        public void audio(byte[] opus, long timestamp48k) {
            if (lastAudio >= 0 && timestamp48k - lastAudio != audioSpacingExpected) {
                audioSpacing = false;
            }
            if (samples48k(opus) != audioSpacingExpected) {
                audioDurations = false;
            }
            lastAudio = timestamp48k;
            audioPackets++;
        }

        @Override
        public void note(String message) {
            notes.add(message);
        }

        static int samples48k(byte[] packet) {
            return OpusPacket.samples48k(packet, 0, packet.length);
        }

        boolean increasing() {
            for (int i = 1; i < videoTimestamps.size(); i++) {
                if (videoTimestamps.get(i) <= videoTimestamps.get(i - 1)) {
                    return false;
                }
            }
            return true;
        }
    }

    @Test
    void withoutBFramesTheVideoPassesThroughAndAacBecomesOpus() {
        Path flv = assertDoesNotThrowIo(() -> Samples.flv(dir, 320, 240, 4));
        Collected sink = new Collected(OpusFrameDuration.MS_20);
        WebRtcFeed feed = new WebRtcFeed(flv.toString(), sink, OpusFrameDuration.MS_20);
        assertEquals("source ended", feed.run());
        assertFalse(feed.reencoding());
        assertNotNull(sink.sps);
        assertEquals(120, sink.videoTimestamps.size(), "4 s at 30 fps");
        assertEquals(4, sink.keyframes, "1 s GOP");
        assertTrue(sink.increasing());
        assertTrue(sink.audioPackets >= 195 && sink.audioPackets <= 201, sink.audioPackets + " Opus packets for 4 s");
        assertTrue(sink.audioSpacing, "20 ms apart");
        assertTrue(sink.audioDurations, "each packet holds 20 ms");
        assertTrue(sink.notes.isEmpty());
    }

    @Test
    void fortyMillisecondPacketsHoldFortyMillisecondsEachAndComeHalfAsOften() {
        Path flv = assertDoesNotThrowIo(() -> Samples.flv(dir, 320, 240, 4));
        Collected sink = new Collected(OpusFrameDuration.MS_40);
        assertEquals("source ended", new WebRtcFeed(flv.toString(), sink, OpusFrameDuration.MS_40).run());
        assertTrue(sink.audioPackets >= 97 && sink.audioPackets <= 101, sink.audioPackets + " Opus packets for 4 s");
        assertTrue(sink.audioSpacing, "40 ms apart");
        assertTrue(sink.audioDurations, "each packet holds 40 ms by its TOC byte");
    }

    /**
     * A stream with its publisher's Opus (WHIP), as the origin sends it to a play that asks for {@code audio=opus}:
     * onMetaData that describes the AAC track, H.264, and Opus in Enhanced RTMP at millisecond times. The packets come
     * out byte for byte, 960 samples apart however the milliseconds rounded, and nothing is transcoded.
     */
    @Test
    void aSourcesOpusPassesThroughUntouchedWithSampleExactTimestamps() throws Exception {
        Path sample = Samples.flv(dir, 320, 240, 3);
        List<byte[]> opus = new ArrayList<>();
        new WebRtcFeed(sample.toString(), new Collected(OpusFrameDuration.MS_20) {
            @Override
            public void audio(byte[] packet, long timestamp48k) {
                opus.add(packet); // libopus's 20 ms packets, as a browser sends them
            }
        }, OpusFrameDuration.MS_20).run();
        assertTrue(opus.size() > 140, opus.size() + " packets");

        List<FlvReader.Tag> tags = new ArrayList<>();
        for (FlvReader.Tag t : Samples.tags(sample)) {
            if (t.type() != FlvReader.AUDIO) {
                tags.add(t);
            }
        }
        tags.add(1, new FlvReader.Tag(FlvReader.AUDIO, 0, FlvTagWriter.opusConfig(OpusHead.rtp())));
        for (int i = 0; i < opus.size(); i++) {
            long ms = Math.round(i * 20 + (i % 3) * 0.4); // 0, 20, 21, 60, 80, 81, ...: RTMP's rounded clock
            tags.add(new FlvReader.Tag(FlvReader.AUDIO, ms, FlvTagWriter.opus(new OpusFrame(ms, opus.get(i)))));
        }
        tags.sort(Comparator.comparingLong(FlvReader.Tag::timestampMs)); // stable: the headers stay first
        Path withOpus = dir.resolve("whip-opus.flv");
        Files.write(withOpus, Samples.flvFile(tags));

        List<byte[]> out = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        Collected sink = new Collected(OpusFrameDuration.MS_20) {
            @Override
            public void audio(byte[] packet, long timestamp48k) {
                out.add(packet);
                timestamps.add(timestamp48k);
            }
        };
        WebRtcFeed feed = new WebRtcFeed(withOpus.toString(), sink, OpusFrameDuration.MS_40);
        assertEquals("source ended", feed.run());
        assertTrue(feed.opusAsPublished());
        assertTrue(sink.notes.toString().contains("own Opus"), sink.notes.toString());
        assertEquals(opus.size(), out.size(), "every packet, none made anew (a transcode would make 40 ms ones)");
        for (int i = 0; i < out.size(); i++) {
            assertArrayEquals(opus.get(i), out.get(i), "packet " + i + " untouched");
            if (i > 0) {
                assertEquals(960, timestamps.get(i) - timestamps.get(i - 1), "packet " + i + " follows the one before by its 20 ms");
            }
        }
        assertEquals(90, sink.videoTimestamps.size(), "the video as before");
    }

    @Test
    void bFramesAreReencodedAwayWithTheKeyframesKept() throws Exception {
        Path flv = dir.resolve("bframes.flv");
        Samples.run(dir, "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi",
                "-i", "sine=frequency=300:sample_rate=44100", "-t", "3", "-c:v", "libx264", "-preset", "medium", "-bf", "3", "-g", "25",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", flv.toString());
        assertTrue(Files.size(flv) > 0);
        Collected sink = new Collected(OpusFrameDuration.MS_20);
        WebRtcFeed feed = new WebRtcFeed(flv.toString(), sink, OpusFrameDuration.MS_20);
        assertEquals("source ended", feed.run());
        assertTrue(feed.reencoding());
        assertTrue(sink.notes.getFirst().contains("B-frames"), sink.notes.toString());
        assertTrue(sink.videoTimestamps.size() >= 70, sink.videoTimestamps.size() + " frames");
        assertTrue(sink.increasing(), "decode order is presentation order");
        assertTrue(sink.keyframes >= 3, sink.keyframes + " keyframes");
        assertTrue(sink.audioPackets >= 140, sink.audioPackets + " Opus packets for 3 s");
    }

    interface IoSupplier<T> {
        T get() throws Exception;
    }

    static <T> T assertDoesNotThrowIo(IoSupplier<T> s) {
        try {
            return s.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
