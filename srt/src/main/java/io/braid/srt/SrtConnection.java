package io.braid.srt;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;

/** An accepted SRT connection in live mode: one message (up to 1456 bytes, usually 7 TS packets) per receive. */
public final class SrtConnection implements AutoCloseable {
    private static final int BUFFER = 2048;

    private final Libsrt srt;
    private final int socket;
    private final String peer;
    private final String streamId;
    /** Freed by the GC once the connection is unreachable: never while a receive is writing into it. */
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment buffer = arena.allocate(BUFFER);
    private final MemorySegment stats = arena.allocate(Libsrt.STATS_SIZE, 8);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String endReason;

    SrtConnection(Libsrt srt, int socket, String peer, String streamId) {
        this.srt = srt;
        this.socket = socket;
        this.peer = peer;
        this.streamId = streamId;
    }

    public int socket() {
        return socket;
    }

    public String peer() {
        return peer;
    }

    public String streamId() {
        return streamId;
    }

    /**
     * Blocks for the next message.
     *
     * @return its length (copied into {@code into}), or -1 when the connection has ended ({@link #endReason()} says why)
     */
    public int receive(byte[] into) {
        if (closed.get()) {
            return -1;
        }
        int n;
        try {
            n = (int) srt.recvmsg.invokeExact(socket, buffer, BUFFER);
        } catch (Throwable t) {
            endReason = t.toString();
            return -1;
        }
        if (n <= 0) {
            endReason = n == 0 ? "the peer closed the connection" : srt.lastError();
            return -1;
        }
        int length = Math.min(n, into.length);
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, 0, length);
        return length;
    }

    public String endReason() {
        return endReason;
    }

    /** The link's figures now; null once closed. */
    public synchronized SrtStats stats() {
        if (closed.get()) {
            return null;
        }
        try {
            int r = (int) srt.bstats.invokeExact(socket, stats, 0);
            if (r == Libsrt.SRT_ERROR) {
                return null;
            }
        } catch (Throwable t) {
            return null;
        }
        return new SrtStats(stats.get(ValueLayout.JAVA_DOUBLE, Libsrt.MS_RTT), stats.get(ValueLayout.JAVA_LONG, Libsrt.PKT_RECV_TOTAL),
                stats.get(ValueLayout.JAVA_INT, Libsrt.PKT_RCV_LOSS_TOTAL), stats.get(ValueLayout.JAVA_INT, Libsrt.PKT_RCV_DROP_TOTAL),
                stats.get(ValueLayout.JAVA_INT, Libsrt.PKT_RCV_RETRANS), stats.get(ValueLayout.JAVA_LONG, Libsrt.BYTE_RECV_TOTAL),
                stats.get(ValueLayout.JAVA_DOUBLE, Libsrt.MBPS_RECV_RATE), stats.get(ValueLayout.JAVA_INT, Libsrt.MS_RCV_BUF),
                stats.get(ValueLayout.JAVA_INT, Libsrt.MS_RCV_TSBPD_DELAY));
    }

    /** Ends the connection; a blocked {@link #receive} returns -1. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                int ignored = (int) srt.close.invokeExact(socket);
            } catch (Throwable t) {
                // the socket is gone either way
            }
        }
    }
}
