package io.braid.media.hls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.ChunkPool;
import io.braid.media.ChunkedBytes;
import io.braid.media.MalformedMediaException;
import io.braid.media.Samples;
import io.braid.media.flv.FlvDemuxer;
import io.braid.media.flv.FlvReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real ffmpeg output through our FLV demuxer, segmenter and TS muxer, checked by ffprobe and ffmpeg's decoder. */
class FlvToHlsTest {
    @TempDir
    static Path dir;
    static List<FlvReader.Tag> tags;

    @BeforeAll
    static void sample() throws Exception {
        tags = Samples.tags(Samples.flv(dir, 640, 360, 7));
    }

    @Test
    void packagesPlayableHls() throws Exception {
        List<HlsSegment> ready = new ArrayList<>();
        HlsPackager packager = new HlsPackager("s", new HlsOptions(2, 0, "", 3), 100, () -> 1_780_000_000_000L,
                (segment, after) -> ready.add(segment));
        FlvDemuxer demuxer = new FlvDemuxer(packager);
        Samples.feed(demuxer, tags);
        packager.finish();

        assertEquals(640, demuxer.videoConfig().info().width());
        assertEquals(360, demuxer.videoConfig().info().height(), "cropping of the 368-line coded picture");
        assertEquals(48000, demuxer.audioConfig().sampleRate());
        assertEquals(4, ready.size(), "7 s in 2 s segments: 2+2+2+1");
        double total = 0;
        for (HlsSegment s : ready) {
            Files.write(dir.resolve(s.name()), s.data().toByteArray());
            total += s.durationSeconds();
            assertEquals(0, s.data().length() % 188);
        }
        assertEquals(7.0, total, 0.1);
        assertEquals(List.of(100L, 101L, 102L, 103L), ready.stream().map(HlsSegment::sequence).toList());
        String playlist = packager.snapshot().playlist();
        assertTrue(playlist.endsWith("#EXT-X-ENDLIST\n"), playlist);
        Files.writeString(dir.resolve("s.m3u8"), playlist);

        String probe = Samples.run(dir, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", "s.m3u8");
        assertTrue(probe.contains("h264,640,360"), probe);
        assertTrue(probe.contains("aac"), probe);
        String decode = Samples.run(dir, "ffmpeg", "-v", "error", "-i", "s.m3u8", "-f", "null", "-");
        assertEquals("", decode.strip(), "decodes without a single error");
        String duration = Samples.run(dir, "ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", "s.m3u8");
        assertEquals(7.0, Double.parseDouble(duration.strip()), 0.2);
    }

    @Test
    void slidingWindowWithGraceAndDiscontinuityOnResume() {
        List<HlsSegment> ready = new ArrayList<>();
        HlsPackager packager = new HlsPackager("s", new HlsOptions(1, 3, "", 2), 0, System::currentTimeMillis, (segment, after) -> ready.add(segment));
        Samples.feed(new FlvDemuxer(packager), tags);
        packager.finish();
        packager.resume();
        Samples.feed(new FlvDemuxer(packager), tags);
        packager.finish();

        assertEquals(14, ready.size());
        HlsPackager.Snapshot s = packager.snapshot();
        assertEquals(5, s.retained().size(), "3 in the playlist + 2 grace");
        assertTrue(s.segment(HlsPackager.segmentName("s", 9)).isPresent());
        assertFalse(s.segment(HlsPackager.segmentName("s", 8)).isPresent());
        assertTrue(ready.get(7).discontinuity(), "first segment of the second session");
        assertTrue(s.playlist().contains("#EXT-X-MEDIA-SEQUENCE:11\n"), s.playlist());
        assertTrue(s.playlist().contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n"), s.playlist());
    }

    /**
     * Pooled segments: one that leaves the retained window is released and its chunks serve later segments, unless a
     * reader still holds it; every segment still held keeps exactly the bytes it had when it was cut.
     */
    @Test
    void segmentsLeavingTheWindowLendTheirChunksToLaterOnesButNotWhileAReaderHoldsThem() {
        ChunkPool pool = new ChunkPool(64);
        List<HlsSegment> ready = new ArrayList<>();
        List<byte[]> bytesWhenCut = new ArrayList<>();
        HlsPackager packager = new HlsPackager("p", new HlsOptions(1, 2, "", 1), 0, System::currentTimeMillis, (segment, after) -> {
            ready.add(segment);
            bytesWhenCut.add(segment.data().toByteArray());
        }, pool);
        FlvDemuxer demuxer = new FlvDemuxer(packager);
        HlsSegment held = null;
        for (FlvReader.Tag tag : tags) {
            Samples.feed(demuxer, List.of(tag));
            if (held == null && !ready.isEmpty()) {
                held = ready.getFirst();
                assertTrue(held.data().retain(), "a reader takes the first segment");
            }
        }
        packager.finish();

        assertEquals(7, ready.size());
        assertTrue(ready.getFirst().data().length() > 2 * ChunkedBytes.CHUNK, "segments of several chunks");
        assertTrue(pool.reused() > 0, "later segments were written into the chunks of released ones");
        List<HlsSegment> retained = packager.snapshot().retained();
        assertEquals(3, retained.size(), "2 in the playlist + 1 grace");
        for (int i = 0; i < ready.size(); i++) {
            HlsSegment s = ready.get(i);
            boolean inWindow = retained.contains(s);
            assertEquals(inWindow || s == held, s.data().held(), "segment " + i);
            if (s.data().held()) {
                assertArrayEquals(bytesWhenCut.get(i), s.data().toByteArray(), "segment " + i + " kept its bytes");
            }
        }
        assertFalse(ready.get(1).data().retain(), "a released segment cannot be read any more");
        int spare = pool.spare();
        held.data().release();
        assertTrue(pool.spare() > spare, "the reader's release hands its chunks back");
    }

    /** Mutation fuzz over real tags: flipped bytes and truncations raise MalformedMediaException or nothing. */
    @Test
    void mutatedTagsFailCleanly() {
        Random random = new Random(7);
        HlsPackager packager = new HlsPackager("f", new HlsOptions(2, 5, "", 1), 0, System::currentTimeMillis, (s, a) -> { });
        FlvDemuxer demuxer = new FlvDemuxer(packager);
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            FlvReader.Tag t = tags.get(random.nextInt(Math.min(tags.size(), 400)));
            if (t.type() == FlvReader.SCRIPT || t.body().length == 0) {
                continue;
            }
            byte[] m = Arrays.copyOf(t.body(), random.nextInt(t.body().length + 1));
            for (int f = random.nextInt(4); f > 0 && m.length > 0; f--) {
                m[random.nextInt(Math.min(m.length, 64))] = (byte) random.nextInt(256);
            }
            try {
                if (t.type() == FlvReader.VIDEO) {
                    demuxer.video(t.timestampMs(), m);
                } else {
                    demuxer.audio(t.timestampMs(), m);
                }
            } catch (MalformedMediaException expected) {
                rejected++;
            }
        }
        assertTrue(rejected > 100, "mutations were detected: " + rejected);
    }

    @Test
    void headerOfNonFlvIsRefused() {
        assertThrowsMalformed(() -> new FlvReader(new java.io.ByteArrayInputStream("GIF89a...".getBytes())));
    }

    private static void assertThrowsMalformed(ThrowingRunnable r) {
        try {
            r.run();
        } catch (MalformedMediaException expected) {
            return;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected MalformedMediaException");
    }

    interface ThrowingRunnable {
        void run() throws IOException;
    }
}
