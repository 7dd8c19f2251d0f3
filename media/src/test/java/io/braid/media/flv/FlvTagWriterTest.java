package io.braid.media.flv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.AudioFrame;
import io.braid.media.MediaSink;
import io.braid.media.Samples;
import io.braid.media.VideoFrame;
import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.h264.AvcConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames written back as FLV: ffmpeg's FLV demuxed into frames, the frames written anew (not forwarded), and the result
 * both demuxed again to the same frames and decoded cleanly by ffmpeg.
 */
class FlvTagWriterTest {
    @TempDir
    static Path dir;
    static List<FlvReader.Tag> tags;

    @BeforeAll
    static void sample() throws Exception {
        tags = Samples.tags(Samples.flv(dir, 320, 240, 3));
    }

    /** Frames as text a test can compare: times, key flag and NAL bytes. */
    private static final class Frames implements MediaSink {
        final List<String> seen = new ArrayList<>();
        final List<FlvReader.Tag> rewritten = new ArrayList<>();
        AvcConfig avc;
        AudioSpecificConfig aac;
        boolean forward;

        @Override
        public void videoConfig(AvcConfig config) {
            avc = config;
            seen.add("avc " + config.info() + " " + config.nalLengthSize());
            rewritten.add(new FlvReader.Tag(FlvReader.VIDEO, 0, FlvTagWriter.videoConfig(config)));
        }

        @Override
        public void audioConfig(AudioSpecificConfig config) {
            aac = config;
            seen.add("aac " + Arrays.toString(config.bytes()));
            rewritten.add(new FlvReader.Tag(FlvReader.AUDIO, 0, FlvTagWriter.audioConfig(config)));
        }

        @Override
        public void video(VideoFrame frame) {
            StringBuilder s = new StringBuilder("v " + frame.dtsMs() + " " + frame.ptsMs() + " " + frame.keyframe());
            for (int[] n : frame.nalUnits()) {
                s.append(' ').append(Arrays.hashCode(Arrays.copyOfRange(frame.data(), n[0], n[0] + n[1])));
            }
            seen.add(s.toString());
            VideoFrame written = forward ? frame : new VideoFrame(frame.dtsMs(), frame.ptsMs(), frame.keyframe(), frame.data(), frame.nalUnits());
            rewritten.add(new FlvReader.Tag(FlvReader.VIDEO, frame.dtsMs(), FlvTagWriter.video(written, avc)));
        }

        @Override
        public void audio(AudioFrame frame) {
            seen.add("a " + frame.ptsMs() + " " + Arrays.hashCode(Arrays.copyOfRange(frame.data(), frame.offset(), frame.offset() + frame.length())));
            AudioFrame written = forward ? frame : new AudioFrame(frame.ptsMs(), frame.data(), frame.offset(), frame.length());
            rewritten.add(new FlvReader.Tag(FlvReader.AUDIO, frame.ptsMs(), FlvTagWriter.audio(written)));
        }
    }

    private static Frames demux(List<FlvReader.Tag> input, boolean forward) {
        Frames frames = new Frames();
        frames.forward = forward;
        Samples.feed(new FlvDemuxer(frames), input);
        return frames;
    }

    @Test
    void rewrittenFramesDemuxToTheSameFramesAndDecode() throws Exception {
        Frames first = demux(tags, false);
        assertTrue(first.seen.size() > 100, "video and audio of 3 s: " + first.seen.size());
        Frames second = demux(first.rewritten, false);
        assertEquals(first.seen, second.seen);

        List<FlvReader.Tag> file = new ArrayList<>();
        file.add(new FlvReader.Tag(FlvReader.SCRIPT, 0, FlvTagWriter.metadata(first.avc, first.aac)));
        file.addAll(first.rewritten);
        Path out = dir.resolve("rewritten.flv");
        Files.write(out, Samples.flvFile(file));
        String probe = Samples.run(dir, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height,sample_rate", "-of", "csv=p=0",
                out.toString());
        assertTrue(probe.contains("h264,320,240") && probe.contains("aac,48000"), probe);
        assertEquals("", Samples.run(dir, "ffmpeg", "-v", "error", "-i", out.toString(), "-f", "null", "-").strip(), "decodes cleanly");
    }

    @Test
    void framesThatCameAsFlvAreForwardedAsTheyCame() {
        Frames frames = demux(tags, true);
        long forwarded = 0;
        for (FlvReader.Tag t : frames.rewritten) {
            if (t.body()[1] != 0) { // a frame, not a sequence header
                assertTrue(tags.stream().anyMatch(original -> original.body() == t.body()), "the publisher's own array");
                forwarded++;
            }
        }
        assertEquals(frames.seen.size() - 2, forwarded);
    }

    @Test
    void inBandParameterSetsMakeAConfigurationThatReadsBack() {
        FlvReader.Tag header = tags.stream().filter(t -> t.type() == FlvReader.VIDEO).findFirst().orElseThrow();
        AvcConfig published = AvcConfig.parse(header.body(), 5, header.body().length - 5);
        AvcConfig made = AvcConfig.of(published.sps().getFirst(), published.pps().getFirst());
        AvcConfig read = AvcConfig.parse(made.record(), 0, made.record().length);
        assertEquals(4, read.nalLengthSize());
        assertArrayEquals(published.sps().getFirst(), read.sps().getFirst());
        assertArrayEquals(published.pps().getFirst(), read.pps().getFirst());
        assertEquals(published.info(), read.info());
    }

    /** A frame is written with the NAL length size its configuration announced (here 2), not always 4. */
    @Test
    void nalLengthsFollowTheConfiguration() {
        FlvReader.Tag header = tags.stream().filter(t -> t.type() == FlvReader.VIDEO).findFirst().orElseThrow();
        byte[] record = Arrays.copyOfRange(header.body(), 5, header.body().length);
        record[4] = (byte) 0xFD; // lengthSizeMinusOne = 1
        AvcConfig two = AvcConfig.parse(record, 0, record.length);
        byte[] nal = {0x65, 1, 2, 3, 4, 5};
        byte[] body = FlvTagWriter.video(new VideoFrame(40, 80, true, nal, List.of(new int[] {0, nal.length})), two);
        assertArrayEquals(new byte[] {0x17, 1, 0, 0, 40, 0, 6, 0x65, 1, 2, 3, 4, 5}, body);
        byte[] withHeader = FlvTagWriter.videoConfig(two);
        List<VideoFrame> back = new ArrayList<>();
        FlvDemuxer demuxer = new FlvDemuxer(new MediaSink() {
            public void videoConfig(AvcConfig c) {
            }

            public void audioConfig(AudioSpecificConfig c) {
            }

            public void video(VideoFrame f) {
                back.add(f);
            }

            public void audio(AudioFrame f) {
            }
        });
        demuxer.video(0, withHeader);
        demuxer.video(40, body);
        assertEquals(80, back.getFirst().ptsMs());
        assertEquals(1, back.getFirst().nalUnits().size());
        assertSame(body, back.getFirst().flvBody());
    }
}
