package io.braid.transcode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether an NVIDIA GPU is usable here, and what {@code nvidia-smi} says of each one. A GPU is assumed present when
 * the driver's control device exists; whether it can encode is only known by opening NVENC (an H100 decodes with
 * NVDEC but has no NVENC), which {@link VideoEncoders} does.
 */
public final class GpuProbe {
    /** One GPU's figures, in the units {@code nvidia-smi} reports (percent, MiB). */
    public record GpuUsage(int index, String name, int gpuUtilization, int memoryUtilization, long memoryUsedMiB, long memoryTotalMiB) {
    }

    private static final Path CONTROL_DEVICE = Path.of("/dev/nvidiactl");

    private GpuProbe() {
    }

    /** @return null when a GPU seems present, else why not */
    public static String absentReason() {
        return Files.exists(CONTROL_DEVICE) ? null : "no NVIDIA GPU found (" + CONTROL_DEVICE + " does not exist)";
    }

    /** @return each GPU's usage, or an empty list when there is no GPU or no {@code nvidia-smi} */
    public static List<GpuUsage> usage() {
        if (absentReason() != null) {
            return List.of();
        }
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=index,name,utilization.gpu,utilization.memory,memory.used,memory.total",
                    "--format=csv,noheader,nounits").redirectErrorStream(true).start();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            return parse(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    static List<GpuUsage> parse(String csv) {
        List<GpuUsage> gpus = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",");
            if (f.length != 6) {
                continue;
            }
            try {
                gpus.add(new GpuUsage(Integer.parseInt(f[0].trim()), f[1].trim(), number(f[2]), number(f[3]),
                        Long.parseLong(f[4].trim()), Long.parseLong(f[5].trim())));
            } catch (NumberFormatException notAGpuLine) {
                // nvidia-smi prints errors on stdout too; such lines are not GPUs
            }
        }
        return gpus;
    }

    /** "[N/A]" where a figure is not supported reads as 0. */
    private static int number(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
