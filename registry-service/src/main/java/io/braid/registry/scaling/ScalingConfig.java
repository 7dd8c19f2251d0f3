package io.braid.registry.scaling;

import io.braid.core.scaling.ScalingTargets;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code braid.scaling.*}: the per-node targets the cluster's scaling advice works to (see {@link ScalingTargets}). */
@ConfigMapping(prefix = "braid.scaling")
public interface ScalingConfig {
    @WithDefault("75")
    int originCpu();

    @WithDefault("70")
    int edgeCpu();

    @WithDefault("75")
    int transcoderCpu();

    @WithDefault("75")
    int memory();

    @WithDefault("100")
    int publishersPerOrigin();

    @WithDefault("2000")
    int viewersPerEdge();

    @WithDefault("4")
    int jobsPerTranscoder();

    @WithDefault("30")
    int encoderQueuePerTranscoder();

    default ScalingTargets targets() {
        return new ScalingTargets(originCpu(), edgeCpu(), transcoderCpu(), memory(), publishersPerOrigin(), viewersPerEdge(),
                jobsPerTranscoder(), encoderQueuePerTranscoder());
    }
}
