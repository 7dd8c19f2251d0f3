package io.braid.transcode;

import java.util.Locale;

/** Ant Media's {@code encoderSelectionPreference}. */
public enum EncoderPreference {
    GPU_AND_CPU, CPU_ONLY, GPU_ONLY;

    /** @return the preference; null or blank means the default, {@code gpu_and_cpu} */
    public static EncoderPreference parse(String text) {
        if (text == null || text.isBlank()) {
            return GPU_AND_CPU;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("encoderSelectionPreference must be gpu_and_cpu, cpu_only or gpu_only, got " + text);
        }
    }

    public boolean allowsGpu() {
        return this != CPU_ONLY;
    }

    public boolean allowsCpu() {
        return this != GPU_ONLY;
    }
}
