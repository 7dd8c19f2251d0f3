package io.braid.agent.events;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Events that many hot threads make (a segment event per segment of every stream) gathered and handed on in bursts
 * from one thread, every {@code period}. The thread that makes an event only queues it: serialising it and Kafka's
 * send (and its wake-up of the producer's I/O thread) no longer run on an RTMP event loop, and a burst goes to the
 * broker as one produce request instead of one per event, which at 50 streams cost 1 % of a core. Events keep the
 * order they were queued in. At most {@code limit} wait; beyond that (Kafka stalled for long) the newest are
 * dropped and counted, since these events are hints whose worth is gone by then.
 */
public final class EventBatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventBatch.class);

    /** Where a burst goes: {@link EventPublisher#publish}. */
    @FunctionalInterface
    public interface Sink {
        void publish(String topic, String key, Object event);
    }

    private record Pending(String topic, String key, Object event) {
    }

    private final Sink sink;
    private final int limit;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final ScheduledExecutorService flusher;

    public EventBatch(Sink sink, Duration period, int limit) {
        this.sink = sink;
        this.limit = limit;
        this.flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("braid-event-batch").factory());
        long ms = Math.max(1, period.toMillis());
        flusher.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Queues an event for the next burst; never blocks. */
    public void add(String topic, String key, Object event) {
        if (size.incrementAndGet() > limit) {
            size.decrementAndGet();
            if (dropped.getAndIncrement() == 0) {
                LOG.warnf("%d events are waiting to be sent; dropping new ones (%s for %s) until they go", limit, topic, key);
            }
            return;
        }
        queue.add(new Pending(topic, key, event));
    }

    /** Hands every queued event to the sink, in order; @return how many. */
    public synchronized int flush() {
        int sent = 0;
        for (Pending p; (p = queue.poll()) != null; ) {
            size.decrementAndGet();
            sink.publish(p.topic(), p.key(), p.event());
            sent++;
        }
        int lost = dropped.getAndSet(0);
        if (lost > 0) {
            LOG.warnf("%d events were dropped while %d waited", lost, limit);
        }
        return sent;
    }

    public int pending() {
        return size.get();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.errorf("events not sent: %s", e.toString());
        }
    }

    /** Stops the schedule and sends what is still queued. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
