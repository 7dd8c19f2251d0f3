package io.braid.core.scaling;

/**
 * What one node of each role should carry at most, on average, before the cluster wants another: CPU and memory in
 * percent (the cluster guide's origin 75 % and edge 70 %), and per-node work (publishers per origin, viewers per
 * edge, jobs per transcoder). A role is scaled on whichever of its signals asks for the most nodes.
 */
public record ScalingTargets(int originCpu, int edgeCpu, int transcoderCpu, int memory,
        int publishersPerOrigin, int viewersPerEdge, int jobsPerTranscoder, int encoderQueuePerTranscoder) {

    public static final ScalingTargets DEFAULTS = new ScalingTargets(75, 70, 75, 75, 100, 2000, 4, 30);

    public ScalingTargets {
        for (int percent : new int[] {originCpu, edgeCpu, transcoderCpu, memory}) {
            if (percent < 10 || percent > 100) {
                throw new IllegalArgumentException("scaling CPU and memory targets are percentages between 10 and 100, got " + percent);
            }
        }
        if (publishersPerOrigin < 1 || viewersPerEdge < 1 || jobsPerTranscoder < 1 || encoderQueuePerTranscoder < 1) {
            throw new IllegalArgumentException("per-node scaling targets must be at least 1");
        }
    }
}
