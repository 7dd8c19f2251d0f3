package io.braid.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binding against Debian's libsrt, with Debian's ffmpeg as the SRT caller. */
class SrtListenerTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void libsrt() {
        assumeTrue(SrtListener.unavailableReason() == null, "libsrt: " + SrtListener.unavailableReason());
    }

    @Test
    void acceptsAPublishReadsItsTsAndReportsStats() throws Exception {
        int port = freeUdpPort();
        AtomicReference<SrtListener.Handshake> seen = new AtomicReference<>();
        try (SrtListener listener = SrtListener.open("127.0.0.1", port, 120, h -> {
            seen.set(h);
            return new SrtListener.Decision.Accept(null);
        })) {
            Process ffmpeg = publish(port, "LiveApp/s1", null, 3);
            SrtConnection c = listener.accept();
            assertNotNull(c);
            assertEquals("LiveApp/s1", c.streamId());
            assertEquals("LiveApp/s1", seen.get().streamId());
            assertTrue(seen.get().peer().startsWith("127.0.0.1:"), seen.get().peer());
            byte[] buf = new byte[2048];
            long bytes = 0;
            int messages = 0;
            SrtStats stats = null;
            for (int n = c.receive(buf); n > 0; n = c.receive(buf)) {
                assertEquals(0x47, buf[0] & 0xFF, "each message starts with a TS packet");
                bytes += n;
                if (++messages == 50) {
                    stats = c.stats();
                }
            }
            assertNotNull(c.endReason());
            c.close();
            assertTrue(ffmpeg.waitFor(20, TimeUnit.SECONDS));
            assertTrue(bytes > 50_000, "received " + bytes);
            assertNotNull(stats);
            assertTrue(stats.packetsReceived() >= 50 && stats.latencyMs() >= 120, stats.toString());
        }
    }

    @Test
    void aRejectionReachesTheCallerWithItsCode() throws Exception {
        int port = freeUdpPort();
        try (SrtListener listener = SrtListener.open("127.0.0.1", port, 120,
                h -> new SrtListener.Decision.Reject(SrtListener.REJECT_NOT_FOUND, "no such app"))) {
            CompletableFuture.runAsync(listener::accept);
            Process ffmpeg = publish(port, "NoApp/s1", null, 2);
            assertTrue(ffmpeg.waitFor(20, TimeUnit.SECONDS));
            assertNotEquals(0, ffmpeg.exitValue());
            String log = Files.readString(dir.resolve("ffmpeg-" + port + ".log"));
            assertTrue(log.contains("1404") || log.toLowerCase().contains("reject"), log);
        }
    }

    @Test
    void aWrongPassphraseIsRefusedAndTheRightOneWorks() throws Exception {
        int port = freeUdpPort();
        try (SrtListener listener = SrtListener.open("127.0.0.1", port, 120, h -> new SrtListener.Decision.Accept("correct-horse-battery"))) {
            CompletableFuture<SrtConnection> accepted = CompletableFuture.supplyAsync(listener::accept);
            Process wrong = publish(port, "LiveApp/enc", "wrong-passphrase-1", 2);
            assertTrue(wrong.waitFor(20, TimeUnit.SECONDS));
            assertNotEquals(0, wrong.exitValue());
            assertTrue(!accepted.isDone(), "a wrong passphrase never becomes a connection");
            Process right = publish(port, "LiveApp/enc", "correct-horse-battery", 2);
            SrtConnection c = accepted.get(20, TimeUnit.SECONDS);
            byte[] buf = new byte[2048];
            assertTrue(c.receive(buf) > 0);
            c.close();
            right.destroy();
            right.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process publish(int port, String streamId, String passphrase, int seconds) throws IOException {
        String url = "srt://127.0.0.1:" + port + "?streamid=" + streamId + (passphrase == null ? "" : "&passphrase=" + passphrase)
                + "&connect_timeout=3000";
        return new ProcessBuilder(List.of("ffmpeg", "-nostdin", "-v", "info", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                "-f", "lavfi", "-i", "sine", "-t", String.valueOf(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "25",
                "-c:a", "aac", "-f", "mpegts", url)).redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg-" + port + ".log").toFile()).start();
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
