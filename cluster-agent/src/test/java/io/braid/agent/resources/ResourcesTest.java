package io.braid.agent.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourcesTest {
    @TempDir
    Path root;

    private void write(String relative, String content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void cgroupV2QuotaAndUsageGiveContainerPercent() throws IOException {
        write("sys/fs/cgroup/cpu.max", "200000 100000\n");
        write("sys/fs/cgroup/memory.max", "1000\n");
        write("sys/fs/cgroup/memory.current", "700\n");
        write("sys/fs/cgroup/memory.stat", "anon 500\ninactive_file 100\n");
        write("proc/meminfo", "MemTotal:       16000000 kB\nMemAvailable:    8000000 kB\n");
        HostMetrics metrics = new HostMetrics(root, 64);
        assertEquals(2.0, metrics.availableCpus(), 1e-9, "quota of 2 CPUs on a 64-CPU host");
        assertEquals(60, metrics.memoryPercent(), "(700 - 100 inactive file) / 1000");

        AtomicLong clock = new AtomicLong();
        ResourceSampler sampler = new ResourceSampler(metrics, clock::get);
        write("sys/fs/cgroup/cpu.stat", "usage_usec 0\n");
        sampler.sample();
        // 1 s of wall time on 2 CPUs = 2,000,000 us of capacity; 1,000,000 us used = 50%
        for (long used = 1_000_000; used <= 5_000_000; used += 1_000_000) {
            clock.addAndGet(1_000_000_000L);
            write("sys/fs/cgroup/cpu.stat", "usage_usec " + used + "\n");
            sampler.sample();
        }
        assertEquals(50, sampler.cpuPercent());
        // A burst to 100% moves the 5-sample mean by a fifth of the way.
        clock.addAndGet(1_000_000_000L);
        write("sys/fs/cgroup/cpu.stat", "usage_usec 7000000\n");
        sampler.sample();
        assertEquals(60, sampler.cpuPercent());
    }

    @Test
    void withoutCgroupsTheHostFiguresAreUsed() throws IOException {
        write("proc/meminfo", "MemTotal:       1000 kB\nMemFree:   100 kB\nMemAvailable:    250 kB\n");
        write("proc/stat", "cpu  100 0 100 800 0 0 0 0 0 0\n");
        HostMetrics metrics = new HostMetrics(root, 4);
        assertEquals(75, metrics.memoryPercent());
        CpuUsage a = metrics.cpu(0);
        write("proc/stat", "cpu  200 0 200 1400 0 0 0 0 0 0\n");
        CpuUsage b = metrics.cpu(0);
        assertEquals(25, CpuUsage.percentBetween(a, b), "200 busy of 800 jiffies");
    }

    @Test
    void guardRefusesAtTheLimitsAndNamesTheReason() throws IOException {
        write("proc/meminfo", "MemTotal:       1000 kB\nMemAvailable:    200 kB\n");
        ResourceSampler sampler = new ResourceSampler(new HostMetrics(root, 1), () -> 0);
        sampler.sample();
        ResourceGuard guard = new ResourceGuard(sampler, new ResourceLimits(75, 75));
        assertFalse(guard.mayAcceptWork());
        assertTrue(guard.refusal().orElseThrow().contains("server.memory_limit"));
        assertTrue(guard.refusal().orElseThrow().startsWith(ResourceGuard.HIGH_RESOURCE_USAGE));
        assertTrue(new ResourceGuard(sampler, new ResourceLimits(75, 90)).mayAcceptWork());
    }

    @Test
    void limitsOutsideTenToHundredNameTheKey() {
        IllegalArgumentException cpu = assertThrows(IllegalArgumentException.class, () -> new ResourceLimits(5, 75));
        assertTrue(cpu.getMessage().contains("server.cpu_limit"), cpu.getMessage());
        IllegalArgumentException mem = assertThrows(IllegalArgumentException.class, () -> new ResourceLimits(75, 101));
        assertTrue(mem.getMessage().contains("server.memory_limit"), mem.getMessage());
        new ResourceLimits(10, 100);
    }

    /** A sampler whose CPU reads 100 % of one CPU and memory 20 %. */
    private ResourceSampler busyCpu() throws IOException {
        write("proc/meminfo", "MemTotal:       1000 kB\nMemAvailable:    800 kB\n");
        AtomicLong clock = new AtomicLong();
        ResourceSampler sampler = new ResourceSampler(new HostMetrics(root, 1), clock::get);
        write("sys/fs/cgroup/cpu.stat", "usage_usec 0\n");
        sampler.sample();
        clock.addAndGet(1_000_000_000L);
        write("sys/fs/cgroup/cpu.stat", "usage_usec 1000000\n");
        sampler.sample();
        assertEquals(100, sampler.cpuPercent());
        return sampler;
    }

    @Test
    void startUpCpuDoesNotRefuseWorkUntilTheWarmUpEnds() throws IOException {
        ResourceSampler sampler = busyCpu();
        AtomicLong now = new AtomicLong(1_000);
        ResourceGuard guard = new ResourceGuard(sampler, new ResourceLimits(75, 75), java.time.Duration.ofSeconds(60), () -> false, now::get);
        assertEquals(ResourceGuard.Phase.WARMING_UP, guard.phase());
        assertTrue(guard.mayAcceptWork(), "an idle node that is still starting takes its first work");
        now.addAndGet(59_999);
        assertTrue(guard.mayAcceptWork());
        now.addAndGet(1);
        assertFalse(guard.mayAcceptWork(), "after the warm-up a busy CPU refuses as always");
        assertEquals(ResourceGuard.Phase.SERVING, guard.phase());
        assertTrue(guard.refusal().orElseThrow().contains("CPU 100%"));
    }

    @Test
    void theWarmUpEndsWithTheFirstWorkAndNeverComesBack() throws IOException {
        ResourceSampler sampler = busyCpu();
        java.util.concurrent.atomic.AtomicBoolean holdsWork = new java.util.concurrent.atomic.AtomicBoolean();
        ResourceGuard guard = new ResourceGuard(sampler, new ResourceLimits(75, 75), java.time.Duration.ofSeconds(60), holdsWork::get, () -> 0);
        assertTrue(guard.mayAcceptWork());
        holdsWork.set(true);
        assertFalse(guard.mayAcceptWork(), "a node with work and a busy CPU is overloaded, warm-up or not");
        holdsWork.set(false);
        assertFalse(guard.mayAcceptWork(), "once serving, always judged by its CPU");
    }

    @Test
    void memoryRefusesEvenWhileWarmingUp() throws IOException {
        write("proc/meminfo", "MemTotal:       1000 kB\nMemAvailable:    100 kB\n");
        ResourceSampler sampler = new ResourceSampler(new HostMetrics(root, 1), () -> 0);
        sampler.sample();
        ResourceGuard guard = new ResourceGuard(sampler, new ResourceLimits(75, 75), java.time.Duration.ofSeconds(60), () -> false, () -> 0);
        assertEquals(ResourceGuard.Phase.WARMING_UP, guard.phase());
        assertTrue(guard.refusal().orElseThrow().contains("memory 90%"));
    }
}
