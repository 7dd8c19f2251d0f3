package io.braid.bench;

import io.braid.webrtc.client.ReceivingPeer;
import io.braid.webrtc.dtls.DtlsCertificate;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * WebRTC viewers per core on one edge: opens N light viewers ({@link ReceivingPeer}, counting media without
 * decrypting it, so that the client fits next to the server on one machine) on a WHEP endpoint, waits until they all
 * receive, then over a window reads the edge process's CPU time from /proc and what the viewers received. Prints
 * the edge's CPU per viewer and viewers per core at the stream's bit rate.
 * Arguments: whep-url edge-pid viewers seconds [bind-address of the viewers' sockets, default the loopback address]
 */
public final class WebRtcViewerLoad {
    private WebRtcViewerLoad() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long pid = Long.parseLong(args[1]);
        int viewers = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        InetAddress bind = args.length > 4 ? InetAddress.getByName(args[4]) : InetAddress.getLoopbackAddress();
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        DtlsCertificate certificate = DtlsCertificate.generate(crypto);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<ReceivingPeer> peers = new ArrayList<>();
        long setupStart = System.nanoTime();
        try {
            for (int i = 0; i < viewers; i++) {
                peers.add(connect(http, url, crypto, certificate, bind));
            }
            // A viewer that gets no video within 10 s (its DTLS handshake lost a flight while the machine was busy
            // setting up the others) is replaced, up to three times, instead of waiting on it to the deadline.
            long deadline = System.nanoTime() + Duration.ofSeconds(60 + viewers / 10).toNanos();
            int replaced = 0;
            while (peers.stream().anyMatch(p -> p.videoPackets.sum() == 0) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                for (int i = 0; i < peers.size(); i++) {
                    ReceivingPeer p = peers.get(i);
                    if (p.videoPackets.sum() == 0 && System.nanoTime() - p.createdNanos > 10_000_000_000L && replaced < 3 * viewers) {
                        p.close();
                        peers.set(i, connect(http, url, crypto, certificate, bind));
                        replaced++;
                    }
                }
            }
            if (replaced > 0) {
                System.out.printf("%d viewers replaced after receiving nothing for 10 s%n", replaced);
            }
            long receiving = peers.stream().filter(p -> p.videoPackets.sum() > 0).count();
            System.out.printf("%d of %d viewers receive video (set-up %.1f s)%n", receiving, viewers, (System.nanoTime() - setupStart) / 1e9);
            // Let the JIT (C2 was still compiling after 5 s) and the sessions settle before the measured window.
            Thread.sleep(15_000);
            long bytes0 = peers.stream().mapToLong(p -> p.bytes.sum()).sum();
            long packets0 = peers.stream().mapToLong(p -> p.videoPackets.sum() + p.audioPackets.sum()).sum();
            double[] cpu0 = cpuSeconds(pid);
            long[] machine0 = machineTicks();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double wall = (System.nanoTime() - t0) / 1e9;
            double[] cpu1 = cpuSeconds(pid);
            long[] machine1 = machineTicks();
            double user = cpu1[0] - cpu0[0];
            double kernel = cpu1[1] - cpu0[1];
            double cpu = user + kernel;
            long bytes = peers.stream().mapToLong(p -> p.bytes.sum()).sum() - bytes0;
            long packets = peers.stream().mapToLong(p -> p.videoPackets.sum() + p.audioPackets.sum()).sum() - packets0;
            double cores = cpu / wall;
            double kbpsPerViewer = bytes * 8 / wall / 1000 / receiving;
            System.out.printf("viewers %d | %.0f kbit/s each (SRTP, UDP payload) | %.0f packets/s in all | edge CPU %.2f cores "
                            + "(%.0f %% in the kernel) | %.1f µs CPU per viewer-second, %.1f µs per packet | %.0f viewers per core "
                            + "| machine busy %.0f %%, stolen by the host %.1f %%%n",
                    receiving, kbpsPerViewer, packets / wall, cores, 100 * kernel / cpu, cpu / wall / receiving * 1e6,
                    cpu / Math.max(1, packets) * 1e6, receiving / cores,
                    100.0 * (1 - share(machine0, machine1, 3) - share(machine0, machine1, 4)), 100.0 * share(machine0, machine1, 7));
        } finally {
            for (ReceivingPeer p : peers) {
                p.close();
            }
        }
    }

    /** One viewer: its offer posted to the WHEP endpoint, the answer taken. */
    private static ReceivingPeer connect(HttpClient http, String url, BcTlsCrypto crypto, DtlsCertificate certificate, InetAddress bind)
            throws Exception {
        ReceivingPeer peer = new ReceivingPeer(crypto, certificate, "actpass", 0, false, false, bind);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(peer.offer())).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            peer.close();
            throw new IllegalStateException("viewer refused: " + answer.statusCode() + " " + answer.body());
        }
        peer.answer(answer.body());
        return peer;
    }

    /** The machine's CPU ticks from /proc/stat: user nice system idle iowait irq softirq steal. */
    static long[] machineTicks() throws Exception {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split(" +");
        long[] ticks = new long[8];
        for (int i = 0; i < ticks.length && i + 1 < f.length; i++) {
            ticks[i] = Long.parseLong(f[i + 1]);
        }
        return ticks;
    }

    /** The share of the ticks between two readings that went to field {@code index} (3 idle, 4 iowait, 7 steal). */
    static double share(long[] before, long[] after, int index) {
        long total = 0;
        for (int i = 0; i < before.length; i++) {
            total += after[i] - before[i];
        }
        return total == 0 ? 0 : (double) (after[index] - before[index]) / total;
    }

    /** utime and stime of a process in seconds, from /proc/<pid>/stat (clock ticks of 1/100 s on Linux). */
    static double[] cpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new double[] {Long.parseLong(f[11]) / 100.0, Long.parseLong(f[12]) / 100.0};
    }
}
