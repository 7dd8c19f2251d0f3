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
        Predicate<Upstream> usable = o -> o.acceptingWork() && healthy.test(o);
        Optional<Upstream> inGroup = origins.stream().filter(usable).filter(o -> o.nodeGroup() != null && o.nodeGroup().equals(clientGroup))
                .min(LEAST_LOADED);
        return inGroup.isPresent() ? inGroup : origins.stream().filter(usable).min(LEAST_LOADED);
    }
}
