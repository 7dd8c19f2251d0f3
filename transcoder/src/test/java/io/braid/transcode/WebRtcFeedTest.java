package io.braid.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feed over real files made by Debian's ffmpeg: pass-through without B-frames, a re-encode with them, Opus. */
class WebRtcFeedTest {
    @TempDir
    Path dir;

    static final class Collected implements FeedSink {
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

        /** The audio one Opus packet holds, read from its TOC byte (RFC 6716 section 3.1), in 48 kHz samples. */
        static int samples48k(byte[] packet) {
            int config = (packet[0] & 0xFF) >> 3;
            int frameTenthsOfMs;
            if (config < 12) {
                frameTenthsOfMs = new int[] {100, 200, 400, 600}[config % 4];
            } else if (config < 16) {
                frameTenthsOfMs = new int[] {100, 200}[config % 2];
            } else {
                frameTenthsOfMs = new int[] {25, 50, 100, 200}[config % 4];
            }
            int code = packet[0] & 3;
            int frames = code == 0 ? 1 : code == 3 ? packet[1] & 0x3F : 2;
            return frames * frameTenthsOfMs * 48 / 10;
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
