package io.braid.transcode;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.ffmpeg;
import org.bytedeco.javacpp.Loader;

/**
 * bench/transcode-ladder.sh's measurement: the same source through Braid's pipeline (in this JVM, as the transcoder
 * service runs it) and through the ffmpeg program bundled with bytedeco, with the same ladder and encoder settings,
 * one after the other in one run. The source is read as fast as it decodes (not at real time), so the real-time
 * factor is media seconds over wall seconds; CPU seconds per media second is the number of cores one live stream
 * needs.
 *
 * <p>Arguments: source file, media seconds, output directory, rounds.
 */
public final class LadderBench {
    private static final List<LadderRung> LADDER = List.of(new LadderRung(720, 2_000_000, 128_000, true),
            new LadderRung(480, 1_000_000, 96_000, true), new LadderRung(360, 800_000, 64_000, true));

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        double media = Double.parseDouble(args[1]);
        Path out = Path.of(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Files.createDirectories(out);
        String ffmpegPath = Loader.load(ffmpeg.class);
        System.out.printf(Locale.ROOT, "source %s (%.0f s), ladder 720p 2000k / 480p 1000k / 360p 800k, libx264 %s, %d cores%n",
                source.getFileName(), media, VideoEncoders.X264_PRESET, Runtime.getRuntime().availableProcessors());
        System.out.println("run        | wall s | real-time factor | CPU s | cores busy | CPU s per media s (cores per live stream)");
        double braid = 0;
        double program = 0;
        for (int round = 1; round <= rounds; round++) {
            double[] b = braid(source, out);
            double[] f = program(ffmpegPath, source, out);
            print("braid " + round, b, media);
            print("ffmpeg " + round, f, media);
            braid += b[0];
            program += f[0];
        }
        System.out.printf(Locale.ROOT, "real-time factor ratio, braid / bundled ffmpeg: %.2f%n", program / braid);
    }

    private static void print(String name, double[] wallAndCpu, double media) {
        System.out.printf(Locale.ROOT, "%-10s | %6.2f | %16.2f | %5.1f | %10.2f | %.2f%n", name, wallAndCpu[0], media / wallAndCpu[0],
                wallAndCpu[1], wallAndCpu[1] / wallAndCpu[0], wallAndCpu[1] / media);
    }

    private static double[] braid(Path source, Path out) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        TranscodeJob job = new TranscodeJob(new TranscodeJob.Spec(source.toString(), "bench", LADDER, EncoderPreference.CPU_ONLY,
                name -> out.resolve(name + ".flv").toString()), (r, d, e, why) -> {
                });
        job.run();
        return new double[] {(System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - cpu0) / 1e9};
    }

    /** The same work as one ffmpeg command: decode once, split, bilinear scale, and the same x264 and AAC settings. */
    private static double[] program(String ffmpegPath, Path source, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ffmpegPath, "-nostdin", "-v", "error", "-y", "-i", source.toString(), "-filter_complex",
                "[0:v]split=3[a][b][c];[a]scale=1280:720:flags=bilinear[v0];[b]scale=854:480:flags=bilinear[v1];[c]scale=640:360:flags=bilinear[v2]"));
        int i = 0;
        for (LadderRung r : LADDER) {
            String rate = String.valueOf(r.videoBitrate());
            cmd.addAll(List.of("-map", "[v" + i + "]", "-map", "0:a", "-c:v", "libx264", "-preset", VideoEncoders.X264_PRESET,
                    "-b:v", rate, "-maxrate", rate, "-bufsize", rate, "-g", "1048576", "-bf", "0", "-forced-idr", "1",
                    "-force_key_frames", "source", "-x264-params", "scenecut=0:open-gop=0:nal-hrd=none:rc-lookahead=10",
                    "-c:a", "aac", "-b:a", String.valueOf(r.audioBitrate()), "-f", "flv", out.resolve("ffmpeg-" + r.height() + ".flv").toString()));
            i++;
        }
        // bash's `times` prints the children's user and system CPU: ffmpeg's own, measured by the kernel.
        List<String> wrapped = new ArrayList<>(List.of("bash", "-c", "\"$@\" >/dev/null || exit 1; times", "bench"));
        wrapped.addAll(cmd);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(wrapped).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String times = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + String.join(" ", cmd));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        String[] children = times.strip().split("\n")[1].trim().split("\\s+");
        return new double[] {wall, seconds(children[0]) + seconds(children[1])};
    }

    /** bash's {@code 1m2.345s}. */
    private static double seconds(String text) {
        int m = text.indexOf('m');
        return Double.parseDouble(text.substring(0, m)) * 60 + Double.parseDouble(text.substring(m + 1, text.length() - 1));
    }

    private LadderBench() {
    }
}
