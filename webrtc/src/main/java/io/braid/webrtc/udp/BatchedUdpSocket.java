package io.braid.webrtc.udp;

import static io.braid.webrtc.udp.LinuxLibc.AF_INET;
import static io.braid.webrtc.udp.LinuxLibc.AF_INET6;
import static io.braid.webrtc.udp.LinuxLibc.IOVEC_SIZE;
import static io.braid.webrtc.udp.LinuxLibc.MMSGHDR_SIZE;
import static io.braid.webrtc.udp.LinuxLibc.MSG_FLAGS;
import static io.braid.webrtc.udp.LinuxLibc.MSG_IOV;
import static io.braid.webrtc.udp.LinuxLibc.MSG_IOVLEN;
import static io.braid.webrtc.udp.LinuxLibc.MSG_LEN;
import static io.braid.webrtc.udp.LinuxLibc.MSG_NAME;
import static io.braid.webrtc.udp.LinuxLibc.MSG_NAMELEN;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Queue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A UDP socket of Linux's own, driven through the FFM API, that sends with {@code sendmmsg} and receives with
 * {@code recvmmsg}: up to 64 datagrams per system call instead of one. A WebRTC edge sends every packet of a stream
 * once per viewer, and with a {@code sendto} per datagram (Netty's NIO channel) the system call and the JDK's path to
 * it were the largest part of its CPU. With segmentation offload on ({@link SendBatch}), consecutive datagrams of one
 * size to one address (a viewer's video frame) go out as one message that the kernel cuts apart, which walks its
 * per-datagram path once per run. Two threads of its own: a sender that takes what the fan-out queued and sends
 * it in batches (parked while there is nothing), and a reader that blocks in {@code recvmmsg} and hands each datagram
 * to the receiver. The reader wakes every 200 ms ({@code SO_RCVTIMEO}) to notice a close, so closing takes at most
 * that long; the descriptor is closed only after both threads ended, so no call ever meets a reused one.
 */
public final class BatchedUdpSocket implements UdpSocket {
    private static final int RECEIVE_BATCH = 16;
    /** Datagrams longer than this are not WebRTC's (an MTU-sized packet is about 1,200 bytes) and are dropped. */
    private static final int MAX_DATAGRAM = 2048;
    private static final long NAME_STRIDE = SendBatch.NAME_STRIDE;
    /** What may wait to be sent; beyond it datagrams are dropped (the kernel cannot keep up; a queue would only grow). */
    private static final int MAX_QUEUED = 1 << 16;
    private static final long RECEIVE_TIMEOUT_MICROS = 200_000;

    private final LinuxLibc libc;
    private final int fd;
    private final int family;
    private final int port;
    private final Receiver receiver;
    private final Queue<SendBatch.Outgoing> outbound = PlatformDependent.newFixedMpscQueue(MAX_QUEUED);
    private final LongAdder dropped = new LongAdder();
    private final LongAdder sendCalls = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    /** Whether runs to one address go out as one message the kernel segments (UDP GSO); off once the kernel refused. */
    private volatile boolean segmentation;
    private volatile int segmentationRefused;
    private volatile boolean closed;
    private volatile boolean senderParked;
    private final Thread sender;
    private final Thread reader;

    private BatchedUdpSocket(LinuxLibc libc, int fd, int family, int port, boolean segmentation, Receiver receiver) {
        this.libc = libc;
        this.segmentation = segmentation;
        this.fd = fd;
        this.family = family;
        this.port = port;
        this.receiver = receiver;
        this.sender = Thread.ofPlatform().daemon().name("braid-udp-send-" + port).unstarted(this::sendLoop);
        this.reader = Thread.ofPlatform().daemon().name("braid-udp-receive-" + port).unstarted(this::receiveLoop);
    }

    /** Binds {@code bind}; with {@code segmentation}, runs of datagrams to one address go out with UDP GSO. */
    static BatchedUdpSocket open(LinuxLibc libc, InetSocketAddress bind, int bufferBytes, boolean segmentation, Receiver receiver)
            throws IOException {
        int family = bind.getAddress() instanceof Inet6Address ? AF_INET6 : AF_INET;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = libc.callState(arena);
            int fd = (int) libc.socket.invokeExact(state, family, LinuxLibc.SOCK_DGRAM | LinuxLibc.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("socket(): errno " + libc.errno(state));
            }
            try {
                MemorySegment one = arena.allocateFrom(JAVA_INT, bufferBytes);
                option(libc, state, fd, LinuxLibc.SOL_SOCKET, LinuxLibc.SO_SNDBUF, one, "SO_SNDBUF");
                option(libc, state, fd, LinuxLibc.SOL_SOCKET, LinuxLibc.SO_RCVBUF, one, "SO_RCVBUF");
                MemorySegment timeout = arena.allocate(16, 8); // struct timeval
                timeout.set(JAVA_LONG, 0, 0);
                timeout.set(JAVA_LONG, 8, RECEIVE_TIMEOUT_MICROS);
                option(libc, state, fd, LinuxLibc.SOL_SOCKET, LinuxLibc.SO_RCVTIMEO, timeout, "SO_RCVTIMEO");
                if (family == AF_INET6 && bind.getAddress().isAnyLocalAddress()) {
                    option(libc, state, fd, LinuxLibc.IPPROTO_IPV6, LinuxLibc.IPV6_V6ONLY, arena.allocateFrom(JAVA_INT, 0), "IPV6_V6ONLY");
                }
                MemorySegment name = arena.allocate(NAME_STRIDE, 8);
                int length = SocketAddresses.encode(bind, family, name);
                if ((int) libc.bind.invokeExact(state, fd, name, length) != 0) {
                    int errno = libc.errno(state);
                    throw errno == 98 ? new BindException("UDP " + bind + ": address already in use") : new IOException("bind " + bind + ": errno " + errno);
                }
                MemorySegment nameLength = arena.allocateFrom(JAVA_INT, (int) NAME_STRIDE);
                if ((int) libc.getsockname.invokeExact(state, fd, name, nameLength) != 0) {
                    throw new IOException("getsockname(): errno " + libc.errno(state));
                }
                BatchedUdpSocket socket = new BatchedUdpSocket(libc, fd, family, SocketAddresses.decode(name).getPort(), segmentation, receiver);
                socket.sender.start();
                socket.reader.start();
                return socket;
            } catch (IOException | RuntimeException e) {
                int ignored = (int) libc.close.invokeExact(state, fd);
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    private static void option(LinuxLibc libc, MemorySegment state, int fd, int level, int name, MemorySegment value, String what) throws Throwable {
        if ((int) libc.setsockopt.invokeExact(state, fd, level, name, value, (int) value.byteSize()) != 0) {
            throw new IOException("setsockopt " + what + ": errno " + libc.errno(state));
        }
    }

    /** Sets an integer socket option (tests use it to make the kernel refuse segmentation). */
    void setOption(int level, int name, int value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            option(libc, libc.callState(arena), fd, level, name, arena.allocateFrom(JAVA_INT, value), "option " + name);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void send(byte[] data, int offset, int length, InetSocketAddress to) {
        if (closed || length > MAX_DATAGRAM || !outbound.offer(new SendBatch.Outgoing(data, offset, length, to))) {
            dropped.increment();
            return;
        }
        if (senderParked) {
            LockSupport.unpark(sender);
        }
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    /** Datagrams sent per {@code sendmmsg} call so far, on average (how well sends are batched). */
    public double datagramsPerCall() {
        long calls = sendCalls.sum();
        return calls == 0 ? 0 : (double) sent.sum() / calls;
    }

    /** Datagrams per message sent so far, on average: above 1 when runs went out segmented by the kernel. */
    public double datagramsPerMessage() {
        long messages = messagesSent.sum();
        return messages == 0 ? 0 : (double) sent.sum() / messages;
    }

    @Override
    public String kind() {
        if (segmentationRefused != 0) {
            return "sendmmsg (GSO refused by the kernel, errno " + segmentationRefused + ")";
        }
        return segmentation ? "sendmmsg+gso" : "sendmmsg";
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(sender);
        boolean interrupted = false;
        for (Thread t : new Thread[] {sender, reader}) {
            while (t.isAlive()) {
                try {
                    t.join(1000);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) libc.close.invokeExact(libc.callState(arena), fd);
        } catch (Throwable t) {
            // nothing more to do for a descriptor that would not close
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendLoop() {
        try (Arena arena = Arena.ofConfined()) {
            SendBatch batch = new SendBatch(arena);
            MemorySegment state = libc.callState(arena);
            SendBatch.Outgoing next = null; // taken from the queue but not yet in a batch
            while (!closed) {
                batch.clear();
                while (true) {
                    SendBatch.Outgoing o = next != null ? next : outbound.poll();
                    next = null;
                    if (o == null) {
                        break;
                    }
                    if (segmentation && batch.extend(o)) {
                        continue;
                    }
                    if (batch.full(o.length())) {
                        next = o;
                        break;
                    }
                    if (!batch.add(o, family)) {
                        dropped.increment();
                    }
                }
                if (batch.count() == 0) {
                    senderParked = true;
                    if (outbound.isEmpty() && !closed) {
                        LockSupport.parkNanos(100_000_000L);
                    }
                    senderParked = false;
                    continue;
                }
                sendAll(batch, state);
            }
        } catch (Throwable t) {
            if (!closed) {
                throw t instanceof RuntimeException r ? r : new IllegalStateException("UDP sender of port " + port + " stopped", t);
            }
        }
    }

    /**
     * Sends the batch; a message that fails (an ICMP error came back for its peer) is skipped. A run the kernel
     * refuses to segment (a device without checksum offload answers EIO) is sent apart, and runs are not made again.
     */
    private void sendAll(SendBatch batch, MemorySegment state) throws Throwable {
        int n = batch.count();
        int start = 0;
        while (start < n) {
            int r = (int) libc.sendmmsg.invokeExact(state, fd, batch.messagesFrom(start), n - start, 0);
            sendCalls.increment();
            if (r > 0) {
                for (int i = start; i < start + r; i++) {
                    sent.add(batch.datagrams(i));
                }
                messagesSent.add(r);
                start += r;
                continue;
            }
            int errno = libc.errno(state);
            if (errno == LinuxLibc.EINTR) {
                continue;
            }
            int datagrams = batch.datagrams(start);
            if (datagrams > 1 && (errno == LinuxLibc.EIO || errno == LinuxLibc.EINVAL)) {
                segmentation = false;
                segmentationRefused = errno;
                sendApart(batch.apart(start), datagrams, state);
            } else {
                dropped.add(datagrams);
            }
            start++;
        }
    }

    private void sendApart(MemorySegment messages, int n, MemorySegment state) throws Throwable {
        int start = 0;
        while (start < n) {
            int r = (int) libc.sendmmsg.invokeExact(state, fd, messages.asSlice(start * MMSGHDR_SIZE), n - start, 0);
            sendCalls.increment();
            if (r > 0) {
                sent.add(r);
                messagesSent.add(r);
                start += r;
            } else if (libc.errno(state) != LinuxLibc.EINTR) {
                dropped.increment();
                start++;
            }
        }
    }

    private void receiveLoop() {
        try (Arena arena = Arena.ofConfined()) {
            ReceiveBatch batch = new ReceiveBatch(arena, RECEIVE_BATCH);
            MemorySegment state = libc.callState(arena);
            while (!closed) {
                batch.resetForReceive(RECEIVE_BATCH);
                int r = (int) libc.recvmmsg.invokeExact(state, fd, batch.messages, RECEIVE_BATCH, LinuxLibc.MSG_WAITFORONE, MemorySegment.NULL);
                if (r <= 0) {
                    continue; // EAGAIN: the 200 ms timeout (time to look at closed); EINTR; anything else is per datagram
                }
                for (int i = 0; i < r; i++) {
                    deliver(batch, i);
                }
            }
        } catch (Throwable t) {
            if (!closed) {
                throw t instanceof RuntimeException e ? e : new IllegalStateException("UDP reader of port " + port + " stopped", t);
            }
        }
    }

    private void deliver(ReceiveBatch batch, int i) {
        MemorySegment message = batch.messages.asSlice(i * MMSGHDR_SIZE, MMSGHDR_SIZE);
        int length = message.get(JAVA_INT, MSG_LEN);
        if (length <= 0 || length > MAX_DATAGRAM || (message.get(JAVA_INT, MSG_FLAGS) & LinuxLibc.MSG_TRUNC) != 0) {
            dropped.increment();
            return;
        }
        InetSocketAddress from;
        try {
            from = SocketAddresses.decode(batch.names.asSlice(i * NAME_STRIDE, NAME_STRIDE));
        } catch (UnknownHostException | IllegalArgumentException e) {
            dropped.increment();
            return;
        }
        byte[] data = batch.data.asSlice((long) i * MAX_DATAGRAM, length).toArray(JAVA_BYTE);
        try {
            receiver.datagram(data, from);
        } catch (RuntimeException e) {
            // one datagram's handling failed; the socket and every other peer go on
            dropped.increment();
        }
    }

    /** Native memory for a {@code recvmmsg} call: the mmsghdr array, one iovec, one address and one 2 KB buffer each. */
    private static final class ReceiveBatch {
        final MemorySegment messages;
        final MemorySegment iovecs;
        final MemorySegment names;
        final MemorySegment data;

        ReceiveBatch(Arena arena, int size) {
            messages = arena.allocate(MMSGHDR_SIZE * size, 8);
            iovecs = arena.allocate(IOVEC_SIZE * size, 8);
            names = arena.allocate(NAME_STRIDE * size, 8);
            data = arena.allocate((long) MAX_DATAGRAM * size, 16);
            for (int i = 0; i < size; i++) {
                MemorySegment iovec = iovecs.asSlice(i * IOVEC_SIZE, IOVEC_SIZE);
                iovec.set(ADDRESS, 0, data.asSlice((long) i * MAX_DATAGRAM, MAX_DATAGRAM));
                iovec.set(JAVA_LONG, 8, MAX_DATAGRAM);
                MemorySegment message = messages.asSlice(i * MMSGHDR_SIZE, MMSGHDR_SIZE);
                message.set(ADDRESS, MSG_NAME, names.asSlice(i * NAME_STRIDE, NAME_STRIDE));
                message.set(JAVA_INT, MSG_NAMELEN, (int) NAME_STRIDE);
                message.set(ADDRESS, MSG_IOV, iovec);
                message.set(JAVA_LONG, MSG_IOVLEN, 1);
            }
        }

        void resetForReceive(int n) {
            for (int i = 0; i < n; i++) {
                iovecs.set(JAVA_LONG, i * IOVEC_SIZE + 8, MAX_DATAGRAM);
                messages.set(JAVA_INT, i * MMSGHDR_SIZE + MSG_NAMELEN, (int) NAME_STRIDE);
                messages.set(JAVA_INT, i * MMSGHDR_SIZE + MSG_FLAGS, 0);
                messages.set(JAVA_INT, i * MMSGHDR_SIZE + MSG_LEN, 0);
            }
        }
    }
}
