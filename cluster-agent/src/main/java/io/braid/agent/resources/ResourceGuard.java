package io.braid.agent.resources;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Answers "may this node accept new work?" from the averaged samples and the limits, as Ant Media's
 * {@code enoughResource} does: CPU below {@code server.cpu_limit} and memory below {@code server.memory_limit}.
 *
 * <p>A node's own start-up is not overload: a JVM compiling its hot code and loading its classes keeps the CPU busy for
 * ten seconds or more, and on one machine running a whole cluster every node sees the others start too. So while the
 * node is {@link Phase#WARMING_UP} (from start until {@code braid.node.warm-up} has passed or it takes its first work,
 * whichever comes first) CPU alone does not make it refuse. Memory always counts: memory that start-up takes stays
 * taken. Once the node holds work, or the warm-up is over, a busy CPU refuses as always, so a node that is really
 * overloaded (or restarts into a storm of reconnects) still says no.
 */
public final class ResourceGuard {
    public static final String HIGH_RESOURCE_USAGE = "highResourceUsage";

    /** Whether CPU counts yet. */
    public enum Phase { WARMING_UP, SERVING }

    private final ResourceSampler sampler;
    private final ResourceLimits limits;
    private final LongSupplier clockMs;
    private final long warmUpEndsAtMs;
    private final BooleanSupplier holdsWork;
    private volatile Phase phase;

    /** A guard without warm-up: CPU counts from the start. */
    public ResourceGuard(ResourceSampler sampler, ResourceLimits limits) {
        this(sampler, limits, Duration.ZERO, () -> false, System::currentTimeMillis);
    }

    public ResourceGuard(ResourceSampler sampler, ResourceLimits limits, Duration warmUp, BooleanSupplier holdsWork, LongSupplier clockMs) {
        this.sampler = sampler;
        this.limits = limits;
        this.clockMs = clockMs;
        this.holdsWork = holdsWork;
        this.warmUpEndsAtMs = clockMs.getAsLong() + warmUp.toMillis();
        this.phase = warmUp.isPositive() ? Phase.WARMING_UP : Phase.SERVING;
    }

    public boolean mayAcceptWork() {
        return refusal().isEmpty();
    }

    /** Why new work would be refused now, or empty if it would not. */
    public Optional<String> refusal() {
        int cpu = sampler.cpuPercent();
        if (cpu >= limits.cpuLimit() && phase() == Phase.SERVING) {
            return Optional.of(HIGH_RESOURCE_USAGE + ": CPU " + cpu + "% is at or over " + ResourceLimits.CPU_KEY + "=" + limits.cpuLimit());
        }
        int memory = sampler.memoryPercent();
        if (memory >= limits.memoryLimit()) {
            return Optional.of(HIGH_RESOURCE_USAGE + ": memory " + memory + "% is at or over " + ResourceLimits.MEMORY_KEY + "=" + limits.memoryLimit());
        }
        return Optional.empty();
    }

    /** WARMING_UP until the warm-up time has passed or the node holds work; SERVING from then on, for good. */
    public Phase phase() {
        if (phase == Phase.WARMING_UP && (clockMs.getAsLong() >= warmUpEndsAtMs || holdsWork.getAsBoolean())) {
            phase = Phase.SERVING;
        }
        return phase;
    }

    public ResourceLimits limits() {
        return limits;
    }
}
