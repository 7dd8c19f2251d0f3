package io.braid.agent.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.braid.core.cluster.NodeLoad;
import io.braid.core.json.Json;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * One node's system-resources-info document, nested as Ant Media's {@code /rest/v2/system-resources} so
 * monitoring scripts written for it read Braid unchanged (reference-ams.md 1.6). Percentages are integers.
 */
public final class SystemResourcesReport {
    private SystemResourcesReport() {
    }

    public record Inputs(String nodeId, String version, ResourceSampler sampler, NodeLoad load, Integer dbAverageQueryTimeMs,
                         long startTimeMs, File dataDir) {
    }

    public static ObjectNode build(Inputs in) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("instanceId", in.nodeId());
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        // The HotSpot extension has the process figures; on a JVM without it they read as 0.
        com.sun.management.OperatingSystemMXBean hotspot = os instanceof com.sun.management.OperatingSystemMXBean h ? h : null;

        ObjectNode cpu = root.putObject("cpuUsage");
        long processCpuNanos = hotspot == null ? -1 : hotspot.getProcessCpuTime();
        cpu.put("processCPUTime", processCpuNanos < 0 ? 0 : processCpuNanos / 1000);
        cpu.put("systemCPULoad", in.sampler().cpuPercent());
        double processLoad = hotspot == null ? 0 : hotspot.getProcessCpuLoad();
        cpu.put("processCPULoad", (int) Math.round(Math.max(0, processLoad) * 100));
        cpu.put("systemLoadAverageLastMinute", os.getSystemLoadAverage());

        Runtime rt = Runtime.getRuntime();
        ObjectNode jvm = root.putObject("jvmMemoryUsage");
        jvm.put("maxMemory", rt.maxMemory());
        jvm.put("totalMemory", rt.totalMemory());
        jvm.put("freeMemory", rt.freeMemory());
        jvm.put("inUseMemory", rt.totalMemory() - rt.freeMemory());

        ObjectNode sys = root.putObject("systemInfo");
        sys.put("osName", System.getProperty("os.name"));
        sys.put("osArch", System.getProperty("os.arch"));
        sys.put("javaVersion", System.getProperty("java.version"));
        sys.put("processorCount", rt.availableProcessors());

        HostMetrics host = in.sampler().metrics();
        long[] mem = host.memoryUsedAndTotal();
        ObjectNode sysMem = root.putObject("systemMemoryInfo");
        sysMem.put("virtualMemory", hotspot == null ? 0 : hotspot.getCommittedVirtualMemorySize());
        sysMem.put("totalMemory", mem[1]);
        sysMem.put("freeMemory", host.meminfo("MemFree:"));
        sysMem.put("inUseMemory", mem[0]);
        long swapTotal = host.meminfo("SwapTotal:");
        long swapFree = host.meminfo("SwapFree:");
        sysMem.put("totalSwapSpace", swapTotal);
        sysMem.put("freeSwapSpace", swapFree);
        sysMem.put("inUseSwapSpace", swapTotal - swapFree);
        sysMem.put("availableMemory", Math.max(0, mem[1] - mem[0]));
        root.put("memoryUsagePercent", in.sampler().memoryPercent());

        File disk = in.dataDir() != null && in.dataDir().exists() ? in.dataDir() : new File(".");
        ObjectNode fs = root.putObject("fileSystemInfo");
        fs.put("usableSpace", disk.getUsableSpace());
        fs.put("totalSpace", disk.getTotalSpace());
        fs.put("freeSpace", disk.getFreeSpace());
        fs.put("inUseSpace", disk.getTotalSpace() - disk.getFreeSpace());

        ObjectNode nativeMem = root.putObject("jvmNativeMemoryUsage");
        long nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed();
        nativeMem.put("inUseMemory", nonHeap);
        nativeMem.put("maxMemory", mem[1]);

        ObjectNode version = root.putObject("softwareVersion");
        version.put("versionName", in.version());
        version.put("versionType", "Braid");
        version.put("buildNumber", in.version());

        root.putArray("gpuUsageInfo");
        root.put("ffmpegBuildInfo", "");
        if (in.dbAverageQueryTimeMs() != null) {
            root.put("dbAverageQueryTimeMs", in.dbAverageQueryTimeMs());
        } else {
            root.put("dbAverageQueryTimeMs", 0);
        }
        NodeLoad load = in.load();
        root.put("localWebRTCLiveStreams", load.localWebRTCLiveStreams());
        root.put("localLiveStreams", load.localLiveStreams());
        root.put("localWebRTCViewers", load.localWebRTCViewers());
        root.put("localHLSViewers", load.localHLSViewers());
        root.put("localDASHViewers", load.localDASHViewers());
        root.put("localRTMPViewers", load.localRTMPViewers());
        root.put("encoders-blocked", 0);
        root.put("encoders-not-opened", 0);
        root.put("publish-timeout-errors", 0);
        root.put("encoderQueueSize", load.encoderQueueSize());
        root.put("ingestBitrate", load.ingestBitrate());
        ObjectNode timing = root.putObject("server-timing");
        timing.put("up-time", System.currentTimeMillis() - in.startTimeMs());
        timing.put("start-time", in.startTimeMs());
        root.put("totalLiveStreamSize", load.localLiveStreams());
        return root;
    }
}
