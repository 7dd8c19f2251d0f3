package io.braid.agent.resources;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Samples CPU once per call (the agent calls it every second) and keeps the last {@value #WINDOW} percentages;
 * the CPU figure is their mean as an integer, like Ant Media's (1 s period, window of 5). Memory is the latest
 * reading. Thread-safe: one thread samples, any thread reads.
 */
public final class ResourceSampler {
    public static final int WINDOW = 5;

    private final HostMetrics metrics;
    private final LongSupplier nanoClock;
    private final Deque<Integer> cpuWindow = new ArrayDeque<>();
    private CpuUsage previous;
    private volatile int cpuPercent;
    private volatile int memoryPercent;

    public ResourceSampler(HostMetrics metrics, LongSupplier nanoClock) {
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    public synchronized void sample() {
        CpuUsage now = metrics.cpu(nanoClock.getAsLong());
        if (previous != null) {
            cpuWindow.addLast(CpuUsage.percentBetween(previous, now));
            if (cpuWindow.size() > WINDOW) {
                cpuWindow.removeFirst();
            }
            cpuPercent = (int) Math.round(cpuWindow.stream().mapToInt(Integer::intValue).average().orElse(0));
        }
        previous = now;
        memoryPercent = metrics.memoryPercent();
    }

    public int cpuPercent() {
        return cpuPercent;
    }

    public int memoryPercent() {
        return memoryPercent;
    }

    public HostMetrics metrics() {
        return metrics;
    }
}
