package io.braid.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server against Debian's ffmpeg as publisher and player, and against misbehaving raw sockets. */
class RtmpServerTest {
    @TempDir
    static Path dir;
    static Path sample;
    static RecordingHost host;
    static RtmpServer server;

    @BeforeAll
    static void start() throws Exception {
        sample = Samples.flv(dir, 640, 360, 6);
        host = new RecordingHost();
        server = RtmpServer.start("127.0.0.1", 0, new RtmpLimits(65536, 8 << 20, 64, 8, Duration.ofMillis(700), Duration.ofSeconds(5)), host, 2);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    String url(String stream) {
        return "rtmp://127.0.0.1:" + server.port() + "/LiveApp/" + stream;
    }

    @Test
    void ffmpegPublishesAndAnotherFfmpegPlays() throws Exception {
        Process publisher = new ProcessBuilder("ffmpeg", "-v", "error", "-re", "-i", sample.toString(), "-c", "copy", "-f", "flv", url("s1?token=abc"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("pub.log").toFile()).start();
        try {
            Thread.sleep(1500);
            String probe = Samples.run(dir, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url("s1"));
            assertTrue(probe.contains("h264,640,360"), probe);
            assertTrue(probe.contains("aac"), probe);
            String played = Samples.run(dir, "ffmpeg", "-v", "error", "-i", url("s1"), "-t", "2", "-f", "null", "-");
            assertEquals("", played.strip(), "plays without errors");
            assertTrue(publisher.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, publisher.exitValue(), Files.readString(dir.resolve("pub.log")));
        } finally {
            publisher.destroyForcibly();
        }
        StreamRequest request = host.requests.stream().filter(r -> r.streamId().equals("s1")).findFirst().orElseThrow();
        assertEquals("abc", request.param("token"), "query parameters are split off the stream name");
        assertEquals("LiveApp", request.app());
        assertTrue(host.videoMessages.get("LiveApp/s1").get() >= 170, "6 s at 30 fps");
        assertTrue(host.audioMessages.get("LiveApp/s1").get() >= 270, "6 s of 48 kHz AAC");
        waitFor(() -> host.closed.stream().anyMatch(c -> c.startsWith("LiveApp/s1")));
    }

    @Test
    void refusedPublishReachesFfmpegAsAnError() throws Exception {
        Path log = dir.resolve("taken.log");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", sample.toString(), "-c", "copy", "-f", "flv", url("taken"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0, "ffmpeg must fail");
        assertTrue(Files.readString(log).contains("streamIdInUse"), Files.readString(log));
    }

    @Test
    void stalledHandshakeIsClosed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(new byte[] {3, 0, 0, 0}); // C0 and a little of C1, then nothing
            s.setSoTimeout(5000);
            long start = System.nanoTime();
            assertEquals(-1, drain(s.getInputStream()), "server closes");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4));
        }
    }

    @Test
    void wrongVersionIsClosedAtOnce() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes());
            s.setSoTimeout(3000);
            assertEquals(-1, drain(s.getInputStream()));
        }
    }

    @Test
    void connectionsOverTheLimitAreClosed() throws Exception {
        Socket[] held = new Socket[8];
        try {
            for (int i = 0; i < held.length; i++) {
                held[i] = new Socket("127.0.0.1", server.port());
            }
            waitFor(() -> server.connections() == 8);
            try (Socket extra = new Socket("127.0.0.1", server.port())) {
                extra.setSoTimeout(3000);
                assertEquals(-1, drain(extra.getInputStream()));
            }
        } finally {
            for (Socket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
        waitFor(() -> server.connections() == 0);
    }

    @Test
    void playOfUnknownStreamGetsStreamNotFound() throws Exception {
        Path log = dir.resolve("nf.log");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", url("nothing"), "-t", "1", "-f", "null", "-")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0);
    }

    static int drain(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n == 0) {
                    break;
                }
            }
            return -1;
        } catch (SocketTimeoutException stillOpen) {
            return 0;
        } catch (IOException reset) {
            return -1;
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), "condition not met within 10 s");
    }
}
