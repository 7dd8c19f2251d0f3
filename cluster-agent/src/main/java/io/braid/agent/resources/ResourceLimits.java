package io.braid.agent.resources;

/**
 * Ant Media's admission limits, in percent: new work is refused when CPU or memory use reaches them.
 * Values outside 10-100 are configuration errors, reported with the key's name at start-up.
 */
public record ResourceLimits(int cpuLimit, int memoryLimit) {
    public static final String CPU_KEY = "server.cpu_limit";
    public static final String MEMORY_KEY = "server.memory_limit";
    public static final int DEFAULT = 75;

    public ResourceLimits {
        check(CPU_KEY, cpuLimit);
        check(MEMORY_KEY, memoryLimit);
    }

    private static void check(String key, int value) {
        if (value < 10 || value > 100) {
            throw new IllegalArgumentException(key + " must be a percentage between 10 and 100, got " + value);
        }
    }
}
