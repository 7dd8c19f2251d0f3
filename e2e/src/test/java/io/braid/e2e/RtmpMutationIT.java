package io.braid.e2e;

import static io.braid.e2e.OriginCluster.await;
import static io.braid.e2e.OriginCluster.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays a recorded ffmpeg RTMP publish with random byte flips and truncations at many offsets against a live
 * origin, while a second real stream is being published there: the origin stays up, the second stream's HLS keeps
 * advancing, and heap use after a full GC returns to where it was.
 */
class RtmpMutationIT {
    private static final int REPLAYS = 150;

    @Test
    void mutatedSessionsHarmNothingElse(@TempDir Path dir) throws Exception {
        try (OriginCluster cluster = OriginCluster.start(dir)) {
            OriginCluster.Origin origin = cluster.addOrigin("origin", Map.of("server.cpu_limit", "100"));
            byte[] recording;
            try (RecordingProxy proxy = new RecordingProxy(origin.rtmpPort());
                 Ffmpeg recorded = Ffmpeg.start(dir, "recorded", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
                         "-f", "lavfi", "-i", "sine", "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p",
                         "-c:a", "aac", "-f", "flv", "rtmp://127.0.0.1:" + proxy.port() + "/LiveApp/fuzzed")) {
                assertEquals(0, recorded.await(60), recorded.output());
                recording = proxy.recorded();
            }
            assertTrue(recording.length > 20_000, "recorded " + recording.length + " bytes");

            String steadyPlaylist = origin.http("/LiveApp/streams/steady.m3u8");
            try (Ffmpeg steady = Ffmpeg.publishTestPattern(dir, "steady", 120, "320x240", origin.rtmp("LiveApp", "steady"))) {
                await("steady stream packaged", Duration.ofSeconds(20), () -> Playlist.fetch(steadyPlaylist).segments().size() >= 3);
                long heapBefore = heapAfterGc(origin);
                long sequenceBefore = Playlist.fetch(steadyPlaylist).lastSequence();
                long started = System.nanoTime();

                Random random = new Random(20261124);
                int closedByServer = 0;
                for (int i = 0; i < REPLAYS; i++) {
                    byte[] mutated = mutate(recording, random);
                    closedByServer += replay(origin.rtmpPort(), mutated) ? 1 : 0;
                    if (i % 50 == 49) {
                        assertTrue(origin.process().isAlive(), "origin alive after " + (i + 1) + " replays");
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                await("steady keeps advancing", Duration.ofSeconds(10), () -> Playlist.fetch(steadyPlaylist).lastSequence() > sequenceBefore + Math.max(1, (long) (seconds / 2) - 3));
                assertTrue(steady.process.isAlive(), "the steady publisher was never disconnected: " + steady.output());
                long heapAfter = heapAfterGc(origin);
                System.out.printf("mutation: %d replays in %.1f s, %d closed by the server; steady advanced %d segments; heap after GC %d MB -> %d MB%n",
                        REPLAYS, seconds, closedByServer, Playlist.fetch(steadyPlaylist).lastSequence() - sequenceBefore, heapBefore >> 20, heapAfter >> 20);
                assertTrue(heapAfter < heapBefore + (24 << 20), "heap back near baseline: " + (heapBefore >> 20) + " MB -> " + (heapAfter >> 20) + " MB");
                String log = origin.process().logTail(100_000);
                long refusedWithReason = log.lines().filter(l -> l.contains("closing RTMP connection from")).count();
                System.out.printf("mutation: %d sessions closed by the origin with a logged reason, %d publishes accepted, %d refused%n",
                        refusedWithReason, log.lines().filter(l -> l.contains("publishing LiveApp/fuzzed")).count(),
                        log.lines().filter(l -> l.contains("refused publish")).count());
                log.lines().filter(l -> l.contains("closing RTMP") || l.contains("refused") || l.contains("WARN") || l.contains("ERROR")).limit(40).forEach(System.out::println);
                assertTrue(refusedWithReason >= REPLAYS / 20, "broken sessions were detected and closed with a reason: " + refusedWithReason);
                assertEquals(200, OriginCluster.get(origin.http("/q/health/ready")).statusCode());
            }
        }
    }

    /**
     * One of: 1-16 flipped bytes anywhere; a truncation anywhere; 1-8 flipped bytes in the first 4 KiB, where the
     * handshake, the chunk headers of the commands and the codec configurations are; flips and a truncation.
     */
    static byte[] mutate(byte[] recording, Random random) {
        int kind = random.nextInt(4);
        byte[] m = kind == 1 || kind == 3 ? Arrays.copyOf(recording, 1 + random.nextInt(recording.length)) : recording.clone();
        if (kind == 0 || kind == 3) {
            for (int flips = 1 + random.nextInt(16); flips > 0; flips--) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
        } else if (kind == 2) {
            for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                m[random.nextInt(Math.min(m.length, 4096))] = (byte) random.nextInt(256);
            }
        }
        return m;
    }

    /** Sends the bytes, reads what comes back for a moment; @return whether the server closed the connection. */
    static boolean replay(int port, byte[] bytes) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(150);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    s.getOutputStream().write(bytes);
                } catch (IOException closed) {
                    // the server may close before we finish
                }
            });
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                while (in.read(buf) >= 0) {
                    // drain
                }
                writer.join(1000);
                return true;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        } catch (IOException | InterruptedException e) {
            return true;
        }
    }

    static long heapAfterGc(OriginCluster.Origin origin) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Samples.run(Path.of("."), jcmd, String.valueOf(origin.process().pid()), "GC.run");
        return json(origin.http("/rest/v2/system-resources-info")).path("jvmMemoryUsage").path("inUseMemory").asLong();
    }
}
