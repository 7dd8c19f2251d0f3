package io.braid.media.ts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.AudioFrame;
import io.braid.media.MediaSink;
import io.braid.media.Samples;
import io.braid.media.VideoFrame;
import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.flv.FlvTagWriter;
import io.braid.media.h264.AvcConfig;
import io.braid.media.hls.HlsOptions;
import io.braid.media.hls.HlsPackager;
import io.braid.media.hls.HlsSegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MPEG-TS made by Debian's ffmpeg, demuxed, turned into frames, packaged as HLS and read back by ffprobe. */
class TsDemuxerTest {
    @TempDir
    static Path dir;
    static byte[] ts;

    @BeforeAll
    static void sample() throws Exception {
        Path file = dir.resolve("sample.ts");
        Samples.run(dir, "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "6", "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "50",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", "-f", "mpegts", file.toString());
        ts = Files.readAllBytes(file);
    }

    /** What the frames adapter produced, each as the FLV body an RTMP player would get: type 9 video, 8 audio. */
    private record Tag(int type, long ms, boolean config, boolean keyframe, byte[] body) {
    }

    private static final class Recorder implements MediaSink {
        final List<Tag> tags = new ArrayList<>();
        AvcConfig avc;

        @Override
        public void videoConfig(AvcConfig config) {
            avc = config;
            tags.add(new Tag(9, -1, true, false, FlvTagWriter.videoConfig(config)));
        }

        @Override
        public void audioConfig(AudioSpecificConfig config) {
            tags.add(new Tag(8, -1, true, false, FlvTagWriter.audioConfig(config)));
        }

        @Override
        public void video(VideoFrame frame) {
            assertTrue(avc != null, "a configuration before the first frame");
            tags.add(new Tag(9, frame.dtsMs(), false, frame.keyframe(), FlvTagWriter.video(frame, avc)));
        }

        @Override
        public void audio(AudioFrame frame) {
            tags.add(new Tag(8, frame.ptsMs(), false, false, FlvTagWriter.audio(frame)));
        }
    }

    private static List<Tag> demux(byte[] input, Random chunking) {
        Recorder recorder = new Recorder();
        TsDemuxer demuxer = new TsDemuxer(new TsToFrames(recorder));
        int i = 0;
        while (i < input.length) {
            int n = chunking == null ? 1316 : 1 + chunking.nextInt(3000);
            n = Math.min(n, input.length - i);
            demuxer.feed(input, i, n);
            i += n;
        }
        demuxer.finish();
        return recorder.tags;
    }

    @Test
    void packagesPlayableHlsWithTheRightDuration() throws Exception {
        List<HlsSegment> segments = new ArrayList<>();
        HlsPackager packager = new HlsPackager("t", new HlsOptions(2, 0, "", 3), 1, () -> 0L, (s, after) -> segments.add(s));
        long[] lastVideo = {-1};
        MediaSink checked = new MediaSink() {
            @Override
            public void videoConfig(AvcConfig config) {
                packager.videoConfig(config);
            }

            @Override
            public void audioConfig(AudioSpecificConfig config) {
                packager.audioConfig(config);
            }

            @Override
            public void video(VideoFrame frame) {
                assertTrue(frame.dtsMs() >= lastVideo[0], "video DTS never goes back");
                assertTrue(frame.ptsMs() >= frame.dtsMs(), "presented after decoded");
                lastVideo[0] = frame.dtsMs();
                packager.video(frame);
            }

            @Override
            public void audio(AudioFrame frame) {
                packager.audio(frame);
            }
        };
        TsDemuxer demuxer = new TsDemuxer(new TsToFrames(checked));
        Random chunking = new Random(7);
        for (int i = 0, n; i < ts.length; i += n) {
            n = Math.min(1 + chunking.nextInt(3000), ts.length - i);
            demuxer.feed(ts, i, n);
        }
        demuxer.finish();
        packager.finish();
        assertEquals(640, packager.videoConfig().info().width());
        assertEquals(48000, packager.audioConfig().sampleRate());
        assertEquals(3, segments.size(), segments.toString());
        for (HlsSegment s : segments) {
            Files.write(dir.resolve(s.name()), s.data().toByteArray());
        }
        Files.writeString(dir.resolve("t.m3u8"), packager.snapshot().playlist());
        String probe = Samples.run(dir, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", "t.m3u8");
        assertTrue(probe.contains("h264") && probe.contains("aac"), probe);
        String duration = Samples.run(dir, "ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", "t.m3u8");
        assertEquals(6.0, Double.parseDouble(duration.trim()), 0.3);
        assertEquals("", Samples.run(dir, "ffmpeg", "-v", "error", "-i", "t.m3u8", "-f", "null", "-").strip(), "decodes cleanly");
    }

    @Test
    void chunkingDoesNotMatter() {
        List<Tag> whole = demux(ts, null);
        List<Tag> random = demux(ts, new Random(42));
        assertEquals(whole.size(), random.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i).ms(), random.get(i).ms());
            assertTrue(java.util.Arrays.equals(whole.get(i).body(), random.get(i).body()));
        }
        long videoKeyframes = whole.stream().filter(t -> t.type() == 9 && t.keyframe() && (t.body()[0] & 0xF0) == 0x10 && t.body()[1] == 1).count();
        assertEquals(3, videoKeyframes, "2 s GOP over 6 s");
        assertEquals(List.of(true, true), whole.subList(0, 2).stream().map(Tag::config).toList(), "both configurations come first");
    }

    @Test
    void timestampsSurviveThe33BitWrap() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        long nearEnd = TimestampUnwrapper.RANGE - 90_000;
        assertEquals(nearEnd, u.unwrap(nearEnd));
        assertEquals(TimestampUnwrapper.RANGE + 90_000, u.unwrap(90_000));
        assertEquals(TimestampUnwrapper.RANGE - 3_000, u.unwrap(TimestampUnwrapper.RANGE - 3_000), "a late one from before the wrap");
        assertEquals(TimestampUnwrapper.RANGE + 180_000, u.unwrap(180_000));
    }

    /**
     * Flipped bytes, truncated packets, shuffled and dropped packets, garbage between packets: nothing escapes, damage
     * is counted, and a clean stream after the damage still comes through.
     */
    @Test
    void mutationsAreCountedNeverThrown() {
        Random random = new Random(2026);
        long damaged = 0;
        for (int round = 0; round < 400; round++) {
            byte[] m = ts.clone();
            int kind = round % 5;
            switch (kind) {
                case 0 -> {
                    for (int k = 0; k < 1 + random.nextInt(50); k++) {
                        m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> m = java.util.Arrays.copyOf(m, random.nextInt(m.length));
                case 2 -> {
                    int packets = m.length / TsDemuxer.PACKET;
                    for (int k = 0; k < 20; k++) { // swap packets: continuity breaks
                        int a = random.nextInt(packets) * TsDemuxer.PACKET;
                        int b = random.nextInt(packets) * TsDemuxer.PACKET;
                        byte[] tmp = java.util.Arrays.copyOfRange(m, a, a + TsDemuxer.PACKET);
                        System.arraycopy(m, b, m, a, TsDemuxer.PACKET);
                        System.arraycopy(tmp, 0, m, b, TsDemuxer.PACKET);
                    }
                }
                case 3 -> {
                    byte[] junk = new byte[random.nextInt(4000)];
                    random.nextBytes(junk);
                    int at = random.nextInt(m.length);
                    byte[] out = new byte[m.length + junk.length];
                    System.arraycopy(m, 0, out, 0, at);
                    System.arraycopy(junk, 0, out, at, junk.length);
                    System.arraycopy(m, at, out, at + junk.length, m.length - at);
                    m = out;
                }
                default -> {
                    // a PES length field or PES header length made huge
                    for (int k = 0; k < 10; k++) {
                        int p = random.nextInt(m.length / TsDemuxer.PACKET) * TsDemuxer.PACKET;
                        m[p + 4 + random.nextInt(10)] = (byte) 0xFF;
                    }
                }
            }
            TsToFrames flv = new TsToFrames(new Recorder());
            TsDemuxer demuxer = new TsDemuxer(flv);
            demuxer.feed(m, 0, m.length);
            demuxer.finish();
            TsDemuxer.Counters c = demuxer.counters();
            damaged += c.continuityErrors() + c.malformed() + c.resyncs() + c.droppedPes() + flv.skipped();
        }
        assertTrue(damaged > 400, "damage is counted: " + damaged);
        // A fresh demuxer on garbage alone finds nothing and keeps nothing.
        byte[] garbage = new byte[1 << 20];
        random.nextBytes(garbage);
        Recorder none = new Recorder();
        TsDemuxer g = new TsDemuxer(new TsToFrames(none));
        g.feed(garbage, 0, garbage.length);
        assertEquals(0, none.tags.size());
    }
}
