package io.braid.webrtc.udp;

import static io.braid.webrtc.udp.LinuxLibc.IOVEC_SIZE;
import static io.braid.webrtc.udp.LinuxLibc.MMSGHDR_SIZE;
import static io.braid.webrtc.udp.LinuxLibc.MSG_CONTROL;
import static io.braid.webrtc.udp.LinuxLibc.MSG_CONTROLLEN;
import static io.braid.webrtc.udp.LinuxLibc.MSG_IOV;
import static io.braid.webrtc.udp.LinuxLibc.MSG_IOVLEN;
import static io.braid.webrtc.udp.LinuxLibc.MSG_NAME;
import static io.braid.webrtc.udp.LinuxLibc.MSG_NAMELEN;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;

/**
 * Native memory for one {@code sendmmsg} call: up to {@link #CAPACITY} messages, each a single datagram or, with UDP
 * segmentation offload, a run of datagrams to one address that the kernel cuts apart again ({@code UDP_SEGMENT},
 * Linux 4.18): every datagram of a run as long as its first, only the last one may be shorter. A WebRTC edge sends a
 * video frame to a viewer as consecutive packets of one size (FU-A fragments), so a run is typically a viewer's
 * frame, and the kernel's per-datagram path (route, headers, queueing) is walked once per run instead of once per
 * packet.
 *
 * <p>Datagrams are copied into one data area, one message after another. Used by the socket's sender thread only.
 */
final class SendBatch {
    /** Messages per {@code sendmmsg} call. */
    static final int CAPACITY = 64;
    /** The kernel refuses runs of more segments ({@code UDP_MAX_SEGMENTS}, 64 since GSO came). */
    static final int MAX_SEGMENTS = 64;
    /** A run is one UDP datagram until the kernel cuts it: it must stay under 64 KB with its headers. */
    static final int MAX_RUN_BYTES = 60_000;
    /** Room for a sockaddr_in6 (28 bytes), kept 8-byte aligned. */
    static final long NAME_STRIDE = 32;
    private static final int DATA_BYTES = 256 * 1024;
    /** {@code CMSG_SPACE(sizeof(uint16_t))}: a 16-byte {@code cmsghdr} and the segment size, padded to 8. */
    private static final long CONTROL_STRIDE = 24;
    private static final long CONTROL_LENGTH = 18; // CMSG_LEN(sizeof(uint16_t))
    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;

    private final MemorySegment messages;
    private final MemorySegment iovecs;
    private final MemorySegment names;
    private final MemorySegment controls;
    private final MemorySegment data;
    private final long dataAddress;
    /** A run taken apart again, one message per datagram, for a kernel that refused the run. */
    private final MemorySegment apart;
    private final MemorySegment apartIovecs;
    private final int[] offset = new int[CAPACITY];
    private final int[] bytes = new int[CAPACITY];
    private final int[] segments = new int[CAPACITY];
    private final int[] segmentSize = new int[CAPACITY];
    private final InetSocketAddress[] to = new InetSocketAddress[CAPACITY];
    private int count;
    private int used;

    SendBatch(Arena arena) {
        messages = arena.allocate(MMSGHDR_SIZE * CAPACITY, 8);
        iovecs = arena.allocate(IOVEC_SIZE * CAPACITY, 8);
        names = arena.allocate(NAME_STRIDE * CAPACITY, 8);
        controls = arena.allocate(CONTROL_STRIDE * CAPACITY, 8);
        data = arena.allocate(DATA_BYTES, 16);
        dataAddress = data.address();
        apart = arena.allocate(MMSGHDR_SIZE * MAX_SEGMENTS, 8);
        apartIovecs = arena.allocate(IOVEC_SIZE * MAX_SEGMENTS, 8);
        for (int i = 0; i < CAPACITY; i++) {
            MemorySegment message = messages.asSlice(i * MMSGHDR_SIZE, MMSGHDR_SIZE);
            message.set(ADDRESS, MSG_NAME, names.asSlice(i * NAME_STRIDE, NAME_STRIDE));
            message.set(ADDRESS, MSG_IOV, iovecs.asSlice(i * IOVEC_SIZE, IOVEC_SIZE));
            message.set(JAVA_LONG, MSG_IOVLEN, 1);
            MemorySegment control = controls.asSlice(i * CONTROL_STRIDE, CONTROL_STRIDE);
            control.set(JAVA_LONG, 0, CONTROL_LENGTH);
            control.set(JAVA_INT, 8, SOL_UDP);
            control.set(JAVA_INT, 12, UDP_SEGMENT);
        }
        for (int k = 0; k < MAX_SEGMENTS; k++) {
            apart.set(ADDRESS, k * MMSGHDR_SIZE + MSG_IOV, apartIovecs.asSlice(k * IOVEC_SIZE, IOVEC_SIZE));
            apart.set(JAVA_LONG, k * MMSGHDR_SIZE + MSG_IOVLEN, 1);
        }
    }

    void clear() {
        count = 0;
        used = 0;
    }

    int count() {
        return count;
    }

    /** The {@code mmsghdr} array from message {@code from} on, for {@code sendmmsg}. */
    MemorySegment messagesFrom(int from) {
        return messages.asSlice(from * MMSGHDR_SIZE);
    }

    /** Datagrams that message {@code i} carries (more than one when it is a run). */
    int datagrams(int i) {
        return segments[i];
    }

    /** Whether a new message of {@code length} bytes has no room (then send this batch first). */
    boolean full(int length) {
        return count == CAPACITY || used + length > DATA_BYTES;
    }

    /**
     * Makes {@code o} the next message (call only when not {@link #full}); false, with nothing added, when its address
     * cannot be sent to from a socket of {@code family}.
     */
    boolean add(Outgoing o, int family) {
        int i = count;
        int nameLength = SocketAddresses.encode(o.to(), family, names.asSlice(i * NAME_STRIDE, NAME_STRIDE));
        if (nameLength < 0) {
            return false;
        }
        MemorySegment.copy(o.data(), o.offset(), data, JAVA_BYTE, used, o.length());
        iovecs.set(JAVA_LONG, i * IOVEC_SIZE, dataAddress + used);
        iovecs.set(JAVA_LONG, i * IOVEC_SIZE + 8, o.length());
        long message = i * MMSGHDR_SIZE;
        messages.set(JAVA_INT, message + MSG_NAMELEN, nameLength);
        messages.set(JAVA_LONG, message + MSG_CONTROL, 0);
        messages.set(JAVA_LONG, message + MSG_CONTROLLEN, 0);
        offset[i] = used;
        bytes[i] = o.length();
        segments[i] = 1;
        segmentSize[i] = o.length();
        to[i] = o.to();
        used += o.length();
        count = i + 1;
        return true;
    }

    /**
     * Appends {@code o} to the last message as one more datagram of its run, if it can be: same address, not longer
     * than the run's datagrams, the run not yet ended by a shorter one, within the kernel's limits and the data area.
     */
    boolean extend(Outgoing o) {
        int i = count - 1;
        if (i < 0) {
            return false;
        }
        int size = segmentSize[i];
        int length = o.length();
        boolean ended = bytes[i] != segments[i] * size;
        if (ended || length > size || length == 0 || segments[i] == MAX_SEGMENTS || bytes[i] + length > MAX_RUN_BYTES
                || used + length > DATA_BYTES || !(o.to() == to[i] || o.to().equals(to[i]))) {
            return false;
        }
        MemorySegment.copy(o.data(), o.offset(), data, JAVA_BYTE, used, length);
        used += length;
        bytes[i] += length;
        segments[i]++;
        iovecs.set(JAVA_LONG, i * IOVEC_SIZE + 8, bytes[i]);
        if (segments[i] == 2) {
            long control = i * CONTROL_STRIDE;
            controls.set(JAVA_SHORT, control + 16, (short) size);
            messages.set(JAVA_LONG, i * MMSGHDR_SIZE + MSG_CONTROL, controls.address() + control);
            messages.set(JAVA_LONG, i * MMSGHDR_SIZE + MSG_CONTROLLEN, CONTROL_STRIDE);
        }
        return true;
    }

    /**
     * Lays out run {@code i} as one message per datagram (for a kernel that refuses segmentation offload) and
     * returns the array of those {@link #datagrams}({@code i}) messages.
     */
    MemorySegment apart(int i) {
        MemorySegment name = names.asSlice(i * NAME_STRIDE, NAME_STRIDE);
        int nameLength = messages.get(JAVA_INT, i * MMSGHDR_SIZE + MSG_NAMELEN);
        int at = offset[i];
        int end = at + bytes[i];
        for (int k = 0; k < segments[i]; k++) {
            int length = Math.min(segmentSize[i], end - at);
            apartIovecs.set(JAVA_LONG, k * IOVEC_SIZE, dataAddress + at);
            apartIovecs.set(JAVA_LONG, k * IOVEC_SIZE + 8, length);
            apart.set(ADDRESS, k * MMSGHDR_SIZE + MSG_NAME, name);
            apart.set(JAVA_INT, k * MMSGHDR_SIZE + MSG_NAMELEN, nameLength);
            at += length;
        }
        return apart;
    }

    /** One datagram waiting to be sent. */
    record Outgoing(byte[] data, int offset, int length, InetSocketAddress to) {
    }
}
