package io.braid.gateway.route;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which origin takes a new publish: among the origins that are healthy and say they can accept work (CPU and memory
 * under their limits), the least loaded one in the client's node group, else the least loaded one in any group.
 * None → the connection is refused at once, so the encoder retries rather than waits. Ties go to the lower CPU, then
 * to the node id, so every gateway replica decides alike.
 */
public final class PublishRouter {
    private static final Comparator<Upstream> LEAST_LOADED = Comparator.comparingLong(Upstream::load)
            .thenComparingInt(Upstream::cpu).thenComparing(Upstream::nodeId);

    private PublishRouter() {
    }

    public static Optional<Upstream> choose(List<Upstream> origins, String clientGroup, Predicate<Upstream> healthy) {
        List<Upstream> usable = usable(origins, healthy);
        Optional<Upstream> inGroup = usable.stream().filter(o -> o.nodeGroup() != null && o.nodeGroup().equals(clientGroup))
                .min(LEAST_LOADED);
        return inGroup.isPresent() ? inGroup : usable.stream().min(LEAST_LOADED);
    }

    /** The origins a publish may go to: they accept work and pass their health checks. */
    public static List<Upstream> usable(List<Upstream> origins, Predicate<Upstream> healthy) {
        return origins.stream().filter(o -> o.acceptingWork() && healthy.test(o)).toList();
    }
}
