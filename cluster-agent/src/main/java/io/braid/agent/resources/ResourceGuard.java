package io.braid.agent.resources;

import java.util.Optional;

/**
 * Answers "may this node accept new work?" from the averaged samples and the limits, as Ant Media's
 * {@code enoughResource} does: CPU below {@code server.cpu_limit} and memory below {@code server.memory_limit}.
 */
public final class ResourceGuard {
    public static final String HIGH_RESOURCE_USAGE = "highResourceUsage";

    private final ResourceSampler sampler;
    private final ResourceLimits limits;

    public ResourceGuard(ResourceSampler sampler, ResourceLimits limits) {
        this.sampler = sampler;
        this.limits = limits;
    }

    public boolean mayAcceptWork() {
        return refusal().isEmpty();
    }

    /** Why new work would be refused now, or empty if it would not. */
    public Optional<String> refusal() {
        int cpu = sampler.cpuPercent();
        if (cpu >= limits.cpuLimit()) {
            return Optional.of(HIGH_RESOURCE_USAGE + ": CPU " + cpu + "% is at or over " + ResourceLimits.CPU_KEY + "=" + limits.cpuLimit());
        }
        int memory = sampler.memoryPercent();
        if (memory >= limits.memoryLimit()) {
            return Optional.of(HIGH_RESOURCE_USAGE + ": memory " + memory + "% is at or over " + ResourceLimits.MEMORY_KEY + "=" + limits.memoryLimit());
        }
        return Optional.empty();
    }

    public ResourceLimits limits() {
        return limits;
    }
}
