package io.braid.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's ffmpeg and ffprobe as independent clients, with logs kept and every process bounded in time. */
final class Ffmpeg implements AutoCloseable {
    final Process process;
    final Path log;

    private Ffmpeg(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * A shell command that prints the codecs ffprobe finds at the URL, sorted, on one line (e.g. {@code aac h264 }),
     * with ffprobe's messages. One message is left out: the note that it cannot reuse its connection to the gateway
     * for the edge a steering playlist names, which it makes once per host change and then opens a new connection.
     */
    static String codecsCommand(String url) {
        return "timeout 30 ffprobe -v error -show_entries stream=codec_name -of csv=p=0 " + url
                + " 2>&1 | grep -v 'Cannot reuse HTTP connection for different host' | sort -u | tr '\\n' ' '";
    }

    /** A shell command's output (stdout and stderr), killed after 60 s. */
    static String shell(String command) {
        try {
            Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "(timed out: " + command + ")";
            }
            return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Ffmpeg start(Path dir, String name, String... args) throws IOException {
        return launch(dir, name, "ffmpeg", args);
    }

    /**
     * The ffmpeg 8 that bytedeco's jar carries (extracted by JavaCPP into its cache, next to its libraries): the WHIP
     * publisher, an independent implementation of RFC 9725 (Debian 12's ffmpeg 5.1 has no WHIP muxer).
     */
    static Ffmpeg startBundled(Path dir, String name, String... args) throws IOException {
        return launch(dir, name, org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class), args);
    }

    private static Ffmpeg launch(Path dir, String name, String binary, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary, "-nostdin", "-hide_banner"));
        command.addAll(List.of(args));
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Path libraries = Path.of(binary).getParent();
        if (libraries != null) {
            builder.environment().put("LD_LIBRARY_PATH", libraries.toString());
        }
        return new Ffmpeg(builder.start(), log);
    }

    /** A live-like publish of generated 1280x720@30 video and a sine tone, H.264 (1 s GOP) and AAC. */
    static Ffmpeg publishTestPattern(Path dir, String name, int seconds, String size, String url) throws IOException {
        return start(dir, name, "-v", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", String.valueOf(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p", "-b:v", "1500k",
                "-c:a", "aac", "-b:a", "96k", "-f", "flv", url);
    }

    int await(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ffmpeg did not finish in " + seconds + " s: " + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
