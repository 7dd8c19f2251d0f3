package io.braid.agent.resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * CPU and memory of the container this JVM runs in (cgroup v2, then v1), else of the host ({@code /proc}), read
 * from files under a root directory so tests can give it made-up ones. Container limits matter: a pod limited to 2
 * CPUs at 100% of them is full, even on a 64-core host.
 */
public final class HostMetrics {
    private final Path root;
    private final int hostCpus;

    public HostMetrics(Path root, int hostCpus) {
        this.root = root;
        this.hostCpus = hostCpus;
    }

    public static HostMetrics system() {
        return new HostMetrics(Path.of("/"), Runtime.getRuntime().availableProcessors());
    }

    /** Cumulative CPU use; capacity grows by (available CPUs x wall time). */
    public CpuUsage cpu(long wallNanos) {
        double cpus = availableCpus();
        long capacity = (long) (wallNanos / 1000.0 * cpus);
        OptionalLong usage = cgroupV2CpuMicros();
        if (usage.isEmpty()) {
            usage = cgroupV1CpuMicros();
        }
        if (usage.isPresent()) {
            return new CpuUsage(usage.getAsLong(), capacity);
        }
        return procStat();
    }

    /** CPUs this container may use: the cgroup quota if one is set, else the host's CPUs. */
    public double availableCpus() {
        List<String> max = lines("sys/fs/cgroup/cpu.max");
        if (!max.isEmpty()) {
            String[] parts = max.getFirst().trim().split("\\s+");
            if (parts.length == 2 && !parts[0].equals("max")) {
                return Math.min(hostCpus, Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]));
            }
        }
        List<String> quota = lines("sys/fs/cgroup/cpu/cpu.cfs_quota_us");
        List<String> period = lines("sys/fs/cgroup/cpu/cpu.cfs_period_us");
        if (!quota.isEmpty() && !period.isEmpty()) {
            long q = Long.parseLong(quota.getFirst().trim());
            if (q > 0) {
                return Math.min(hostCpus, (double) q / Long.parseLong(period.getFirst().trim()));
            }
        }
        return hostCpus;
    }

    /** Used and total memory in bytes: the cgroup's limit and working set if limited, else the host's. */
    public long[] memoryUsedAndTotal() {
        long hostTotal = meminfo("MemTotal:");
        long hostAvailable = meminfo("MemAvailable:");
        List<String> max = lines("sys/fs/cgroup/memory.max");
        List<String> current = lines("sys/fs/cgroup/memory.current");
        if (!max.isEmpty() && !current.isEmpty() && !max.getFirst().trim().equals("max")) {
            long limit = Long.parseLong(max.getFirst().trim());
            long used = Long.parseLong(current.getFirst().trim()) - statValue("sys/fs/cgroup/memory.stat", "inactive_file").orElse(0);
            return new long[] {Math.max(0, used), hostTotal > 0 ? Math.min(limit, hostTotal) : limit};
        }
        return new long[] {Math.max(0, hostTotal - hostAvailable), hostTotal};
    }

    public int memoryPercent() {
        long[] m = memoryUsedAndTotal();
        return m[1] <= 0 ? 0 : (int) Math.min(100, Math.round(100.0 * m[0] / m[1]));
    }

    /** The host's memory figures in bytes, as /proc/meminfo gives them (0 when unknown). */
    public long meminfo(String key) {
        for (String line : lines("proc/meminfo")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return 0;
    }

    private OptionalLong cgroupV2CpuMicros() {
        return statValue("sys/fs/cgroup/cpu.stat", "usage_usec");
    }

    private OptionalLong cgroupV1CpuMicros() {
        List<String> ns = lines("sys/fs/cgroup/cpuacct/cpuacct.usage");
        return ns.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(ns.getFirst().trim()) / 1000);
    }

    /** Host-wide: busy and total jiffies from the first line of /proc/stat, scaled to microseconds. */
    private CpuUsage procStat() {
        List<String> stat = lines("proc/stat");
        if (stat.isEmpty() || !stat.getFirst().startsWith("cpu ")) {
            return new CpuUsage(0, 0);
        }
        String[] f = stat.getFirst().trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new CpuUsage((total - idle) * 10_000, total * 10_000);
    }

    /** A "key value" line of a cgroup stat file; empty when the file or the key is not there. */
    private OptionalLong statValue(String file, String key) {
        for (String line : lines(file)) {
            if (line.startsWith(key + " ")) {
                return OptionalLong.of(Long.parseLong(line.substring(key.length()).trim()));
            }
        }
        return OptionalLong.empty();
    }

    private List<String> lines(String relative) {
        try {
            Path p = root.resolve(relative);
            return Files.isReadable(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
