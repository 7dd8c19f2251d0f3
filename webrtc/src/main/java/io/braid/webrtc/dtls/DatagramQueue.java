package io.braid.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.tls.DatagramTransport;

/**
 * BouncyCastle's blocking {@link DatagramTransport} over a queue: the socket's event loop offers DTLS records, the
 * handshake's virtual thread takes them; sending goes straight to the socket. A full queue drops the record, which
 * DTLS retransmission covers.
 */
final class DatagramQueue implements DatagramTransport {
    /** IPv4 + UDP headers leave 1472 bytes in a 1500-byte MTU; stay well under for tunnels and VPNs. */
    static final int MTU = 1200;
    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(64);
    private final Consumer<byte[]> sender;
    private volatile boolean closed;

    DatagramQueue(Consumer<byte[]> sender) {
        this.sender = sender;
    }

    boolean offer(byte[] record) {
        return !closed && inbound.offer(record);
    }

    @Override
    public int getReceiveLimit() {
        return 1500;
    }

    @Override
    public int getSendLimit() {
        return MTU;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        byte[] record;
        try {
            record = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("DTLS receive interrupted");
        }
        if (record == null) {
            if (closed) {
                throw new IOException("DTLS transport closed");
            }
            return -1;
        }
        int n = Math.min(len, record.length);
        System.arraycopy(record, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        sender.accept(copy);
    }

    @Override
    public void close() {
        closed = true;
    }
}
