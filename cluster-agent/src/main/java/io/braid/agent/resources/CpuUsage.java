package io.braid.agent.resources;

/**
 * A cumulative CPU reading: busy time used so far and the CPU time that was available in the same span, both in
 * microseconds. The percentage over an interval is the ratio of the two deltas.
 */
public record CpuUsage(long busyMicros, long capacityMicros) {

    public static int percentBetween(CpuUsage before, CpuUsage after) {
        long capacity = after.capacityMicros - before.capacityMicros;
        long busy = after.busyMicros - before.busyMicros;
        if (capacity <= 0 || busy < 0) {
            return 0;
        }
        return (int) Math.max(0, Math.min(100, Math.round(100.0 * busy / capacity)));
    }
}
