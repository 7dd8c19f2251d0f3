package io.braid.registry.db;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Times this registry's MongoDB calls: a rolling mean over the last {@value #WINDOW} calls, reported as the node's
 * {@code dbQueryAverageTimeMs} (the figure Ant Media users watch for database pressure).
 */
@ApplicationScoped
public class DbTimer {
    static final int WINDOW = 100;
    private final long[] samples = new long[WINDOW];
    private int next;
    private int count;
    private long sum;

    public <T> T time(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            record(System.nanoTime() - start);
        }
    }

    public void run(Runnable call) {
        time(() -> {
            call.run();
            return null;
        });
    }

    synchronized void record(long nanos) {
        sum -= samples[next];
        samples[next] = nanos;
        sum += nanos;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
    }

    /** Mean of the recent calls in whole milliseconds (rounded up, so any call counts as at least 1 ms). */
    public synchronized int averageMs() {
        if (count == 0) {
            return 0;
        }
        return (int) Math.ceil(sum / (double) count / 1_000_000.0);
    }
}
