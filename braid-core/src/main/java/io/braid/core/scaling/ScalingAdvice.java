package io.braid.core.scaling;

import io.braid.core.cluster.NodeRole;
import java.util.List;

/**
 * How many nodes of a role the current load needs, and why: {@code reasons} names each signal that decided, with
 * its figure and target, so an operator (or a script) can check the arithmetic.
 */
public record ScalingAdvice(NodeRole role, int current, int recommended, List<String> reasons) {

    /** +1, 0 or -1: whether to add nodes, keep them, or remove some. */
    public int direction() {
        return Integer.compare(recommended, current);
    }
}
