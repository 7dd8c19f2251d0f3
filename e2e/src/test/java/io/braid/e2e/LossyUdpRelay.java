package io.braid.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on loopback that drops a share of the datagrams in both directions, standing in for a lossy network
 * between an SRT caller and the origin (no root needed, unlike tc netem in a namespace). One caller at a time.
 */
final class LossyUdpRelay implements AutoCloseable {
    private final DatagramChannel front;
    private final DatagramChannel back;
    private final double loss;
    private final Random random = new Random(2);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong relayed = new AtomicLong();
    private final Thread up;
    private final Thread down;
    private volatile SocketAddress caller;
    private volatile boolean closed;

    LossyUdpRelay(int targetPort, double loss) throws IOException {
        this.loss = loss;
        this.front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        this.back = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)).connect(new InetSocketAddress("127.0.0.1", targetPort));
        this.up = Thread.ofPlatform().daemon().start(() -> pump(true));
        this.down = Thread.ofPlatform().daemon().start(() -> pump(false));
    }

    int port() throws IOException {
        return ((InetSocketAddress) front.getLocalAddress()).getPort();
    }

    long dropped() {
        return dropped.get();
    }

    long relayed() {
        return relayed.get();
    }

    private void pump(boolean towardsTarget) {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (!closed) {
            try {
                buf.clear();
                if (towardsTarget) {
                    caller = front.receive(buf);
                } else {
                    back.receive(buf);
                }
                buf.flip();
                boolean drop;
                synchronized (random) {
                    drop = random.nextDouble() < loss;
                }
                if (drop) {
                    dropped.incrementAndGet();
                    continue;
                }
                relayed.incrementAndGet();
                if (towardsTarget) {
                    back.write(buf);
                } else if (caller != null) {
                    front.send(buf, caller);
                }
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        front.close();
        back.close();
    }
}
