package io.braid.media;

import io.braid.media.flv.FlvDemuxer;
import io.braid.media.flv.FlvReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real media made by Debian's ffmpeg at test time, and ffprobe/ffmpeg run over what we produce. */
public final class Samples {
    private Samples() {
    }

    /** An FLV of testsrc2 + sine, H.264 (1 s GOP) and AAC, made once per path. */
    public static Path flv(Path dir, int width, int height, int seconds) throws IOException, InterruptedException {
        Path file = dir.resolve("sample-" + width + "x" + height + "-" + seconds + "s.flv");
        if (!Files.exists(file)) {
            run(dir, "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=30",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", String.valueOf(seconds),
                    "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k",
                    "-f", "flv", file.toString());
        }
        return file;
    }

    /** Every tag of an FLV file. */
    public static List<FlvReader.Tag> tags(Path flv) throws IOException {
        List<FlvReader.Tag> all = new ArrayList<>();
        try (InputStream in = Files.newInputStream(flv)) {
            FlvReader reader = new FlvReader(in);
            for (FlvReader.Tag t = reader.next(); t != null; t = reader.next()) {
                all.add(t);
            }
        }
        return all;
    }

    /** The video and audio tags, as an RTMP publisher's messages would bring them. */
    public static void feed(FlvDemuxer demuxer, List<FlvReader.Tag> input) {
        for (FlvReader.Tag t : input) {
            if (t.type() == FlvReader.VIDEO) {
                demuxer.video(t.timestampMs(), t.body());
            } else if (t.type() == FlvReader.AUDIO) {
                demuxer.audio(t.timestampMs(), t.body());
            }
        }
    }

    public static String run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "cmd", ".log");
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command[0] + " did not finish in 120 s");
        }
        String output = Files.readString(log);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + output);
        }
        return output;
    }

    /** An FLV file of the tags, as ffmpeg would read it. */
    public static byte[] flvFile(List<FlvReader.Tag> file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0});
        for (FlvReader.Tag t : file) {
            int n = t.body().length;
            long ms = t.timestampMs();
            out.write(new byte[] {(byte) t.type(), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n, (byte) (ms >>> 16), (byte) (ms >>> 8), (byte) ms,
                    (byte) (ms >>> 24), 0, 0, 0});
            out.write(t.body());
            int size = 11 + n;
            out.write(new byte[] {(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
        }
        return out.toByteArray();
    }
}
