package io.braid.deploy;

import java.util.Set;

/**
 * Names the manifests use before the main line has them: the drain settings and the origin publisher gauge
 * are being added alongside this k8s/ work. Until then the tests accept them as announced; once the source has
 * them the ordinary checks apply and they can be removed from here (the tests say so).
 */
final class Announced {
    private Announced() {
    }

    /** braid.node.leave-delay (every service, default 3s) and braid.origin.drain-deadline (origins, default 30s). */
    static final Set<String> CONFIG_KEYS = Set.of("braid.node.leave-delay", "braid.origin.drain-deadline");

    /** Streams published on an origin, for scaling origins by load rather than CPU alone. */
    static final Set<String> METRICS = Set.of("braid_origin_publishers");
}
