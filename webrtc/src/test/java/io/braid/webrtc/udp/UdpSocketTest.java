package io.braid.webrtc.udp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both kinds of UDP socket against a plain JDK datagram channel: what goes out arrives whole, and what comes in is handed over with its sender. */
class UdpSocketTest {
    static EventLoopGroup group;

    @BeforeAll
    static void loop() {
        group = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    record Received(byte[] data, InetSocketAddress from) {
    }

    @ParameterizedTest
    @EnumSource(value = UdpIo.class, names = {"GSO", "BATCHED", "NIO"})
    void sendsAndReceivesDatagramsWhole(UdpIo io) throws Exception {
        assumeTrue(io == UdpIo.NIO || LinuxLibc.load() != null, "batched UDP is Linux-only");
        List<Received> received = new CopyOnWriteArrayList<>();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (UdpSocket socket = io.open(group, new InetSocketAddress(loopback, 0), 1 << 20, (d, f) -> received.add(new Received(d, f)));
             DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0))) {
            assertEquals(switch (io) {
                case GSO -> "sendmmsg+gso";
                case BATCHED -> "sendmmsg";
                default -> "nio";
            }, socket.kind());
            InetSocketAddress here = new InetSocketAddress(loopback, socket.port());
            // In: sizes from 1 byte to the largest taken, each with its own content.
            int[] sizes = {1, 12, 1200, 2048};
            for (int size : sizes) {
                peer.send(ByteBuffer.wrap(pattern(size)), here);
            }
            peer.send(ByteBuffer.wrap(new byte[2049]), here); // too long for WebRTC: dropped, counted
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == sizes.length && socket.dropped() == 1);
            for (int i = 0; i < sizes.length; i++) {
                assertArrayEquals(pattern(sizes[i]), received.get(i).data());
                assertEquals(peer.getLocalAddress(), received.get(i).from());
            }
            // Out: a burst of 200 datagrams (queued faster than sent, so batched; few enough for the peer's default
            // receive buffer), then one from an offset.
            InetSocketAddress there = (InetSocketAddress) peer.getLocalAddress();
            for (int i = 0; i < 200; i++) {
                byte[] d = pattern(20 + i);
                d[0] = (byte) i;
                d[1] = (byte) (i >> 8);
                socket.send(d, 0, d.length, there);
            }
            byte[] framed = pattern(50);
            socket.send(framed, 10, 20, there);
            ByteBuffer buf = ByteBuffer.allocate(4096);
            peer.configureBlocking(true);
            peer.socket().setSoTimeout(5000);
            for (int i = 0; i < 200; i++) {
                buf.clear();
                peer.receive(buf);
                buf.flip();
                assertEquals(20 + i, buf.remaining(), "datagram " + i);
                assertEquals(i, (buf.get(0) & 0xFF) | (buf.get(1) & 0xFF) << 8, "in order");
            }
            buf.clear();
            peer.receive(buf);
            buf.flip();
            byte[] last = new byte[buf.remaining()];
            buf.get(last);
            assertArrayEquals(java.util.Arrays.copyOfRange(framed, 10, 30), last);
            if (socket instanceof BatchedUdpSocket b) {
                System.out.printf("[UdpSocketTest] %.1f datagrams per sendmmsg%n", b.datagramsPerCall());
            }
        }
    }

    /**
     * Runs to one peer (a viewer's frame: equal datagrams, the last shorter) interleaved with other peers and sizes:
     * with segmentation offload they leave as runs the kernel cuts apart, and every datagram still arrives alone, whole,
     * in order; without it, one message per datagram.
     */
    @ParameterizedTest
    @EnumSource(value = UdpIo.class, names = {"GSO", "BATCHED"})
    void runsToOnePeerArriveAsTheirDatagrams(UdpIo io) throws Exception {
        assumeTrue(LinuxLibc.load() != null, "batched UDP is Linux-only");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int rounds = 20;
        try (BatchedUdpSocket socket = (BatchedUdpSocket) io.open(group, new InetSocketAddress(loopback, 0), 1 << 20, (d, f) -> { });
             DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
             DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0))) {
            List<byte[]> atA = new CopyOnWriteArrayList<>();
            List<byte[]> atB = new CopyOnWriteArrayList<>();
            Thread readerA = drain(a, atA);
            Thread readerB = drain(b, atB);
            InetSocketAddress toA = (InetSocketAddress) a.getLocalAddress();
            InetSocketAddress toB = (InetSocketAddress) b.getLocalAddress();
            List<byte[]> sentA = new java.util.ArrayList<>();
            List<byte[]> sentB = new java.util.ArrayList<>();
            // Runs form only when datagrams queue faster than the sender thread takes them: with GSO, go on (a
            // bounded number of rounds) until some have; without it, no number of rounds makes one.
            for (int r = 0; r < 500 && (r < rounds || io == UdpIo.GSO && socket.datagramsPerMessage() <= 1.2); r++) {
                if (r % 10 == 9) {
                    int a0 = sentA.size();
                    int b0 = sentB.size();
                    await().atMost(Duration.ofSeconds(10)).until(() -> atA.size() >= a0 && atB.size() >= b0); // within the buffers
                }
                for (int length : new int[] {1100, 1100, 1100, 700}) { // a frame to A
                    sentA.add(send(socket, toA, length, sentA.size() & 0xFFFF));
                }
                for (int length : new int[] {900, 900, 1000}) { // a frame to B; the longer last one starts a new run
                    sentB.add(send(socket, toB, length, sentB.size() & 0xFFFF));
                }
                sentA.add(send(socket, toA, 160, sentA.size() & 0xFFFF)); // audio to A
            }
            assertArrived(sentA, atA, "A");
            assertArrived(sentB, atB, "B");
            assertEquals(0, socket.dropped());
            System.out.printf("[UdpSocketTest] %s: %.2f datagrams per message%n", socket.kind(), socket.datagramsPerMessage());
            if (io == UdpIo.GSO) {
                assertTrue(socket.datagramsPerMessage() > 1.2, socket.kind() + ": " + socket.datagramsPerMessage() + " datagrams per message");
            } else {
                assertEquals(1.0, socket.datagramsPerMessage());
            }
            readerA.interrupt();
            readerB.interrupt();
        }
    }

    private static byte[] send(UdpSocket socket, InetSocketAddress to, int length, int index) {
        byte[] d = pattern(length);
        d[0] = (byte) index;
        d[1] = (byte) (index >> 8);
        socket.send(d, 0, d.length, to);
        return d;
    }

    /**
     * A socket whose UDP checksums are off cannot segment (Linux answers EINVAL): the refused run goes out as separate
     * datagrams, later ones are not joined, and nothing is lost.
     */
    @Test
    void aRunTheKernelRefusesGoesOutApart() throws Exception {
        assumeTrue(LinuxLibc.load() != null, "batched UDP is Linux-only");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (BatchedUdpSocket socket = (BatchedUdpSocket) UdpIo.GSO.open(group, new InetSocketAddress(loopback, 0), 1 << 20, (d, f) -> { });
             DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0))) {
            socket.setOption(LinuxLibc.SOL_SOCKET, LinuxLibc.SO_NO_CHECK, 1);
            List<byte[]> at = new CopyOnWriteArrayList<>();
            Thread reader = drain(a, at);
            InetSocketAddress to = (InetSocketAddress) a.getLocalAddress();
            List<byte[]> sent = new java.util.ArrayList<>();
            // A run forms only when datagrams queue faster than the sender thread takes them, so send frames until
            // the kernel has been offered one (a bounded number), then a few more that must go out apart.
            for (int r = 0; r < 2_000 && (r < 10 || socket.kind().equals("sendmmsg+gso")); r++) {
                for (int length : new int[] {1000, 1000, 1000, 400}) {
                    sent.add(send(socket, to, length, sent.size() & 0xFFFF));
                }
                if (r % 10 == 9) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> at.size() >= sent.size()); // within the queue and buffers
                }
            }
            for (int r = 0; r < 10; r++) {
                for (int length : new int[] {1000, 1000, 1000, 400}) {
                    sent.add(send(socket, to, length, sent.size() & 0xFFFF));
                }
            }
            assertArrived(sent, at, "the peer");
            assertEquals(0, socket.dropped());
            assertEquals("sendmmsg (GSO refused by the kernel, errno 22)", socket.kind());
            reader.interrupt();
        }
    }

    /** Waits until as many datagrams arrived as were sent to {@code peer}, then checks each, in order. */
    private static void assertArrived(List<byte[]> sent, List<byte[]> arrived, String peer) {
        await().atMost(Duration.ofSeconds(10)).until(() -> arrived.size() >= sent.size());
        assertEquals(sent.size(), arrived.size(), "datagrams at " + peer);
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), arrived.get(i), "datagram " + i + " to " + peer);
        }
    }

    /** Reads datagrams into {@code into} until the channel closes. */
    private static Thread drain(DatagramChannel channel, List<byte[]> into) {
        return Thread.ofPlatform().daemon().start(() -> {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            try {
                while (true) {
                    buf.clear();
                    channel.receive(buf);
                    buf.flip();
                    byte[] d = new byte[buf.remaining()];
                    buf.get(d);
                    into.add(d);
                }
            } catch (IOException e) {
                // closed: the test is over
            }
        });
    }

    @Test
    void batchedSocketServesIpv6AndIpv4MappedPeersOnADualStackBind() throws Exception {
        LinuxLibc libc = LinuxLibc.load();
        assumeTrue(libc != null, "batched UDP is Linux-only");
        InetAddress v6Loopback = InetAddress.getByName("::1");
        assumeTrue(hasIpv6Loopback(), "no IPv6 loopback here");
        Set<InetSocketAddress> from = ConcurrentHashMap.newKeySet();
        try (UdpSocket socket = UdpIo.BATCHED.open(group, new InetSocketAddress(InetAddress.getByName("::"), 0), 1 << 20, (d, f) -> from.add(f));
             DatagramChannel v4 = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
             DatagramChannel v6 = DatagramChannel.open().bind(new InetSocketAddress(v6Loopback, 0))) {
            v4.send(ByteBuffer.wrap(new byte[] {1}), new InetSocketAddress("127.0.0.1", socket.port()));
            v6.send(ByteBuffer.wrap(new byte[] {2}), new InetSocketAddress(v6Loopback, socket.port()));
            await().atMost(Duration.ofSeconds(5)).until(() -> from.size() == 2);
            // An IPv4 peer comes back as an IPv4 address (so it matches the address a session was checked from).
            assertTrue(from.contains(v4.getLocalAddress()), from.toString());
            int v6Port = ((InetSocketAddress) v6.getLocalAddress()).getPort();
            assertTrue(from.stream().anyMatch(a -> a.getAddress() instanceof Inet6Address && a.getPort() == v6Port), from.toString());
            for (DatagramChannel peer : List.of(v4, v6)) {
                socket.send(new byte[] {7, 7}, 0, 2, (InetSocketAddress) peer.getLocalAddress());
                peer.socket().setSoTimeout(5000);
                ByteBuffer buf = ByteBuffer.allocate(16);
                peer.configureBlocking(true);
                peer.receive(buf);
                assertEquals(2, buf.position());
            }
        }
    }

    @Test
    void batchedSocketRefusesWhatItCannotSendAndATakenPort() throws Exception {
        assumeTrue(LinuxLibc.load() != null, "batched UDP is Linux-only");
        try (UdpSocket socket = UdpIo.BATCHED.open(group, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1 << 20, (d, f) -> { })) {
            socket.send(new byte[10], 0, 10, new InetSocketAddress(InetAddress.getByName("::1"), 9)); // IPv6 from an IPv4 socket
            socket.send(new byte[3000], 0, 3000, new InetSocketAddress("127.0.0.1", 9)); // longer than any WebRTC datagram
            await().atMost(Duration.ofSeconds(5)).until(() -> socket.dropped() == 2);
            IOException taken = assertThrows(IOException.class,
                    () -> UdpIo.BATCHED.open(group, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), socket.port()), 1 << 20, (d, f) -> { }));
            assertTrue(taken instanceof BindException, taken.toString());
        }
    }

    @Test
    void closingStopsBothThreadsPromptly() throws Exception {
        assumeTrue(LinuxLibc.load() != null, "batched UDP is Linux-only");
        UdpSocket socket = UdpIo.BATCHED.open(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1 << 20, (d, f) -> { });
        int port = socket.port();
        long start = System.nanoTime();
        socket.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "close took " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().endsWith("-" + port) && t.getName().startsWith("braid-udp")));
        // the port is free again
        UdpIo.BATCHED.open(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1 << 20, (d, f) -> { }).close();
    }

    private static boolean hasIpv6Loopback() {
        try (DatagramChannel c = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + size);
        }
        return b;
    }
}
