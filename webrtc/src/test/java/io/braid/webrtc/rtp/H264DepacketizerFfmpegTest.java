package io.braid.webrtc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.h264.AnnexB;
import io.braid.media.h264.Nal;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent packetizer: Debian's ffmpeg sends an H.264 file over RTP (its RFC 6184 muxer: single NAL units,
 * STAP-A for small ones, FU-A for big ones) to a socket here; the reorder buffer and depacketizer give back the file's
 * pictures, NAL unit for NAL unit.
 */
class H264DepacketizerFfmpegTest {
    @TempDir
    Path dir;

    @Test
    void ffmpegsRtpDepacketizesToTheFilesPictures() throws Exception {
        Path file = dir.resolve("in.h264");
        run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "2", "-c:v", "libx264", "-preset",
                "veryfast", "-bf", "0", "-g", "30", "-pix_fmt", "yuv420p", file.toString());
        byte[] annexB = Files.readAllBytes(file);
        List<byte[]> expected = new ArrayList<>();
        for (int[] n : AnnexB.nalUnits(annexB)) {
            if (Nal.type(annexB[n[0]]) != Nal.AUD) {
                expected.add(Arrays.copyOfRange(annexB, n[0], n[0] + n[1]));
            }
        }

        DatagramSocket[] pair = evenPortPair();
        DatagramSocket rtp = pair[0];
        List<H264AccessUnit> pictures = new ArrayList<>();
        H264Depacketizer depacketizer = new H264Depacketizer(pictures::add);
        ReorderBuffer reorder = new ReorderBuffer(512, 100_000_000L, 3);
        int[] types = new int[32];
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-re", "-framerate", "30", "-i", file.toString(), "-c", "copy", "-f", "rtp",
                "-pkt_size", "1200", "rtp://127.0.0.1:" + rtp.getLocalPort()).redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
        try {
            rtp.setSoTimeout(200);
            byte[] buf = new byte[2048];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int quiet = 0;
            while (System.nanoTime() < deadline && quiet < 5) {
                DatagramPacket d = new DatagramPacket(buf, buf.length);
                try {
                    rtp.receive(d);
                } catch (SocketTimeoutException e) {
                    quiet = ffmpeg.isAlive() ? 0 : quiet + 1;
                    continue;
                }
                ReceivedRtp p = ReceivedRtp.parse(buf, 0, d.getLength());
                types[p.payloadByte(0) & 0x1F]++;
                ReorderBuffer.Released r = reorder.push(p, System.nanoTime());
                if (r.lost() > 0) {
                    depacketizer.lost();
                }
                r.packets().forEach(depacketizer::push);
            }
            reorder.poll(Long.MAX_VALUE).packets().forEach(depacketizer::push);
        } finally {
            ffmpeg.destroy();
            ffmpeg.waitFor(5, TimeUnit.SECONDS);
            pair[0].close();
            pair[1].close();
        }
        System.out.printf("[H264DepacketizerFfmpegTest] payload types seen (NAL type: packets): %s; %s%n", Arrays.toString(types), depacketizer.counters());
        assertEquals(0, ffmpeg.exitValue(), Files.readString(dir.resolve("ffmpeg.log")));
        assertEquals(0, reorder.lost(), "loopback at real-time pace loses nothing");
        assertTrue(types[28] > 0 && types[24] + types[1] + types[5] > 0, "FU-A and whole NAL units: " + Arrays.toString(types));
        // The last picture has no following timestamp: its marker ends it, as every other one.
        assertEquals(60, pictures.size(), depacketizer.counters().toString());
        assertEquals(2, pictures.stream().filter(H264AccessUnit::keyframe).count(), "a 1 s GOP");
        List<byte[]> got = new ArrayList<>();
        pictures.forEach(p -> got.addAll(p.nals()));
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(Arrays.equals(expected.get(i), got.get(i)), "NAL unit " + i + " of type " + Nal.type(expected.get(i)[0]));
        }
    }

    /** ffmpeg sends RTCP to the next port up; bind it too, so that its sends are not refused. */
    private static DatagramSocket[] evenPortPair() throws SocketException {
        for (int attempt = 0; attempt < 50; attempt++) {
            DatagramSocket first = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = first.getLocalPort();
            if (port % 2 == 0 && port < 65535) {
                try {
                    return new DatagramSocket[] {first, new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1))};
                } catch (SocketException taken) {
                    // try another
                }
            }
            first.close();
        }
        throw new SocketException("no free even/odd UDP port pair on 127.0.0.1");
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("encode.log").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + Files.readString(dir.resolve("encode.log")));
    }
}
