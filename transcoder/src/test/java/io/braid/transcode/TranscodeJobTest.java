package io.braid.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pipeline over real media: a source made by Debian's ffmpeg (with B-frames, so its keyframes' PTS and DTS
 * differ), transcoded into FLV files, then read back with ffprobe.
 */
class TranscodeJobTest {
    @TempDir
    static Path dir;
    static Path source;

    @BeforeAll
    static void makeSource() throws Exception {
        source = dir.resolve("source.flv");
        run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "8", "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "50",
                "-keyint_min", "50", "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-f", "flv", source.toString());
    }

    @Test
    void renditionsHaveTheirSizeBitrateAndTheSourcesKeyframes() throws Exception {
        AtomicReference<List<Rendition>> started = new AtomicReference<>();
        AtomicReference<String> encoderUsed = new AtomicReference<>();
        TranscodeJob job = new TranscodeJob(new TranscodeJob.Spec(source.toString(), "s1",
                List.of(new LadderRung(480, 800_000, 96_000, true), new LadderRung(240, 300_000, 64_000, true)),
                EncoderPreference.CPU_ONLY, name -> dir.resolve(name + ".flv").toString()),
                (renditions, decoder, encoder, why) -> {
                    started.set(renditions);
                    encoderUsed.set(encoder + " because " + why);
                });
        assertEquals("source ended", job.run());
        assertEquals(List.of("s1_480p800kbps", "s1_240p300kbps"), started.get().stream().map(Rendition::name).toList());
        assertEquals("libx264 because encoderSelectionPreference is cpu_only", encoderUsed.get());
        assertTrue(job.figures().encodedFrames() >= 190, "frames " + job.figures());

        TreeSet<Long> sourceKeys = keyframePtsMs(source);
        assertEquals(4, sourceKeys.size(), "source keyframes " + sourceKeys);
        for (String[] r : new String[][] {{"s1_480p800kbps", "854", "480", "800000"}, {"s1_240p300kbps", "426", "240", "300000"}}) {
            Path out = dir.resolve(r[0] + ".flv");
            String stream = run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height",
                    "-of", "csv=p=0", out.toString()).trim();
            assertEquals("h264," + r[1] + "," + r[2], stream);
            assertEquals(sourceKeys, keyframePtsMs(out), r[0] + " keyframes must be the source's");
            double bitrate = videoBitrate(out);
            double target = Double.parseDouble(r[3]);
            assertTrue(Math.abs(bitrate - target) / target < 0.25, r[0] + " video bitrate " + bitrate + " vs " + target);
            String audio = run("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=codec_name", "-of", "csv=p=0", out.toString());
            assertEquals("aac", audio.trim());
        }
    }

    @Test
    void withoutGpuTheDefaultPreferenceFallsBackToX264AndSaysWhy() {
        assumeTrue(GpuProbe.absentReason() != null, "this machine has a GPU");
        VideoEncoders.Opened opened = VideoEncoders.open(EncoderPreference.GPU_AND_CPU, GpuProbe.absentReason(), 640, 360, 500_000,
                org.bytedeco.ffmpeg.global.avutil.av_make_q(25, 1));
        try {
            assertEquals("libx264", opened.encoder());
            assertTrue(opened.fallbackReason().contains("no NVIDIA GPU"), opened.fallbackReason());
        } finally {
            org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context(opened.context());
        }
        TranscodeException refused = org.junit.jupiter.api.Assertions.assertThrows(TranscodeException.class,
                () -> VideoEncoders.open(EncoderPreference.GPU_ONLY, GpuProbe.absentReason(), 640, 360, 500_000,
                        org.bytedeco.ffmpeg.global.avutil.av_make_q(25, 1)));
        assertTrue(refused.getMessage().contains("gpu_only"), refused.getMessage());
    }

    @Test
    void nvencThatCannotOpenFallsBackWithFfmpegsReason() {
        // Pretend a GPU is present: NVENC then fails to open here (no driver), as on a GPU without NVENC.
        VideoEncoders.Opened opened = VideoEncoders.open(EncoderPreference.GPU_AND_CPU, null, 640, 360, 500_000,
                org.bytedeco.ffmpeg.global.avutil.av_make_q(25, 1));
        try {
            if (opened.encoder().equals("libx264")) {
                assertTrue(opened.fallbackReason().startsWith("h264_nvenc did not open: "), opened.fallbackReason());
            }
        } finally {
            org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context(opened.context());
        }
    }

    @Test
    void stopEndsARunningJobAndItsRenditionWorkers() throws Exception {
        TranscodeJob job = new TranscodeJob(new TranscodeJob.Spec(source.toString(), "r", List.of(new LadderRung(480, 800_000, 96_000, true),
                new LadderRung(240, 300_000, 64_000, true)), EncoderPreference.CPU_ONLY, name -> dir.resolve("stop-" + name + ".flv").toString()),
                (r, d, e, w) -> {
                });
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> outcome.set(job.run()));
        long deadline = System.currentTimeMillis() + 10_000;
        while (job.figures().encodedFrames() < 10 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        job.stop();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertEquals("stopped", outcome.get());
        assertTrue(job.figures().encodedFrames() < 200, "stopped before the end: " + job.figures());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(x -> x.getName().startsWith("braid-rendition-r_")),
                "rendition threads end with their job");
        // What was published before the stop is a valid, playable FLV.
        assertEquals("h264", run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name", "-of", "csv=p=0",
                dir.resolve("stop-r_240p300kbps.flv").toString()).trim());
    }

    @Test
    void anUnreachableSourceIsAClearError() {
        TranscodeJob job = new TranscodeJob(new TranscodeJob.Spec(dir.resolve("missing.flv").toString(), "m",
                List.of(new LadderRung(240, 300_000, 64_000, true)), EncoderPreference.CPU_ONLY, name -> dir.resolve(name).toString()),
                (r, d, e, w) -> {
                });
        TranscodeException e = org.junit.jupiter.api.Assertions.assertThrows(TranscodeException.class, job::run);
        assertTrue(e.getMessage().startsWith("cannot play "), e.getMessage());
        assertFalse(Files.exists(dir.resolve("m_240p300kbps")));
    }

    @Test
    void stopEndsAJobBlockedOnItsSource() throws Exception {
        // A FIFO that never gets data: the job blocks in open until stop() raises the interrupt flag.
        Path fifo = dir.resolve("never.fifo");
        run("mkfifo", fifo.toString());
        TranscodeJob job = new TranscodeJob(new TranscodeJob.Spec("file:" + fifo, "f", List.of(new LadderRung(240, 300_000, 64_000, true)),
                EncoderPreference.CPU_ONLY, name -> dir.resolve(name).toString()), (r, d, e, w) -> {
                });
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                job.run();
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        Thread.sleep(500);
        job.stop();
        // Opening a FIFO for reading blocks in the kernel until a writer appears; give it one that closes at once.
        try (var w = Files.newOutputStream(fifo)) {
            w.flush();
        }
        t.join(5_000);
        assertFalse(t.isAlive(), "the job must end after stop()");
        assertNotNull(ended.get());
    }

    private static TreeSet<Long> keyframePtsMs(Path file) throws Exception {
        TreeSet<Long> keys = new TreeSet<>();
        for (String line : run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0",
                file.toString()).split("\n")) {
            String[] f = line.trim().split(",");
            if (f.length >= 2 && f[1].startsWith("K")) {
                keys.add(Math.round(Double.parseDouble(f[0]) * 1000));
            }
        }
        return keys;
    }

    private static double videoBitrate(Path file) throws Exception {
        long bytes = 0;
        double first = Double.MAX_VALUE;
        double last = 0;
        for (String line : run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,size", "-of", "csv=p=0",
                file.toString()).split("\n")) {
            String[] f = line.trim().split(",");
            if (f.length >= 2) {
                double t = Double.parseDouble(f[0]);
                first = Math.min(first, t);
                last = Math.max(last, t);
                bytes += Long.parseLong(f[1]);
            }
        }
        return bytes * 8 / (last - first + 0.04);
    }

    static String run(String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "cmd", ".log");
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectOutput(log.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command[0] + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + p.exitValue());
        }
        return Files.readString(log);
    }
}
