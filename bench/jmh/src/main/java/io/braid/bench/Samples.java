package io.braid.bench;

import io.braid.media.flv.FlvReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmarks' input: 10 s of 720p30 H.264 at 2 Mbit/s (keyframe every 2 s) with AAC, made once by Debian's
 * ffmpeg as an encoder would publish it, kept in {@code bench/target} and read as FLV tags.
 */
public final class Samples {
    private static List<FlvReader.Tag> tags;

    private Samples() {
    }

    public static synchronized List<FlvReader.Tag> tags() throws IOException, InterruptedException {
        if (tags == null) {
            Path flv = Path.of(System.getProperty("braid.bench.dir", "bench/target"), "jmh-sample-720p.flv");
            if (!Files.exists(flv) || Files.size(flv) == 0) {
                Files.createDirectories(flv.getParent());
                Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
                        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "10", "-c:v", "libx264", "-preset", "veryfast",
                        "-b:v", "2000k", "-g", "60", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", flv.toString())
                        .inheritIO().start();
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IOException("ffmpeg could not make the sample " + flv);
                }
            }
            List<FlvReader.Tag> read = new ArrayList<>();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(flv))) {
                FlvReader reader = new FlvReader(in);
                for (FlvReader.Tag t = reader.next(); t != null; t = reader.next()) {
                    read.add(t);
                }
            }
            tags = List.copyOf(read);
        }
        return tags;
    }
}
