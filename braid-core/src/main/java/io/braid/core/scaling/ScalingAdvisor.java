package io.braid.core.scaling;

import io.braid.core.cluster.NodeRole;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The cluster's scaling recommendation per role, with the arithmetic of Kubernetes' HPA so the two agree: for each
 * signal, {@code ceil(nodes × mean / target)}; a ratio within {@link #TOLERANCE} of 1 changes nothing; the role takes
 * the largest answer. Two rules of our own: a role whose every node refuses work needs one more whatever the means say
 * (the gateway has nowhere to send its next publish), and origins, edges and transcoders never go below one while
 * registries are not scaled on load at all (two for availability). Plain Java, no clock, no I/O.
 */
public final class ScalingAdvisor {
    /** Kubernetes' default {@code horizontal-pod-autoscaler-tolerance}. */
    public static final double TOLERANCE = 0.1;
    public static final int MIN_REGISTRIES = 2;

    private final ScalingTargets targets;

    public ScalingAdvisor(ScalingTargets targets) {
        this.targets = targets;
    }

    /** Advice for origins, edges, transcoders and registries (in that order) from the ALIVE, serving nodes. */
    public List<ScalingAdvice> advise(List<NodeSample> nodes) {
        Map<NodeRole, List<NodeSample>> byRole = new EnumMap<>(NodeRole.class);
        for (NodeSample n : nodes) {
            byRole.computeIfAbsent(n.role(), r -> new ArrayList<>()).add(n);
        }
        List<ScalingAdvice> advice = new ArrayList<>();
        advice.add(origins(byRole.getOrDefault(NodeRole.ORIGIN, List.of())));
        advice.add(edges(byRole.getOrDefault(NodeRole.EDGE, List.of())));
        advice.add(transcoders(byRole.getOrDefault(NodeRole.TRANSCODER, List.of())));
        advice.add(registries(byRole.getOrDefault(NodeRole.REGISTRY, List.of()).size()));
        return advice;
    }

    private ScalingAdvice origins(List<NodeSample> nodes) {
        Plan plan = new Plan(NodeRole.ORIGIN, nodes);
        plan.signal("CPU", "%", n -> n.cpu(), targets.originCpu());
        plan.signal("memory", "%", n -> n.memory(), targets.memory());
        plan.signal("publishers", " per origin", n -> n.load().localLiveStreams() + n.load().localWebRTCLiveStreams(), targets.publishersPerOrigin());
        return plan.advice();
    }

    private ScalingAdvice edges(List<NodeSample> nodes) {
        Plan plan = new Plan(NodeRole.EDGE, nodes);
        plan.signal("CPU", "%", n -> n.cpu(), targets.edgeCpu());
        plan.signal("memory", "%", n -> n.memory(), targets.memory());
        plan.signal("viewers", " per edge", n -> n.load().totalViewers(), targets.viewersPerEdge());
        return plan.advice();
    }

    private ScalingAdvice transcoders(List<NodeSample> nodes) {
        Plan plan = new Plan(NodeRole.TRANSCODER, nodes);
        plan.signal("CPU", "%", n -> n.cpu(), targets.transcoderCpu());
        plan.signal("memory", "%", n -> n.memory(), targets.memory());
        plan.signal("jobs", " per transcoder", n -> n.load().localLiveStreams(), targets.jobsPerTranscoder());
        plan.signal("encoder queue", " frames per transcoder", n -> n.load().encoderQueueSize(), targets.encoderQueuePerTranscoder());
        return plan.advice();
    }

    private static ScalingAdvice registries(int current) {
        int recommended = Math.max(MIN_REGISTRIES, current);
        return new ScalingAdvice(NodeRole.REGISTRY, current, recommended, List.of(
                "registries are not scaled on load; " + MIN_REGISTRIES + " keep the API and the node sweep up when one is lost"));
    }

    /** The signals of one role, folded into one recommendation as they are added. */
    private static final class Plan {
        private final NodeRole role;
        private final List<NodeSample> nodes;
        private final List<String> reasons = new ArrayList<>();
        /** The most nodes any signal asked for so far. */
        private int wanted;

        Plan(NodeRole role, List<NodeSample> nodes) {
            this.role = role;
            this.nodes = nodes;
        }

        void signal(String name, String unit, ToDoubleFunction<NodeSample> figure, int target) {
            if (nodes.isEmpty()) {
                return;
            }
            double mean = nodes.stream().mapToDouble(figure).average().orElse(0);
            double ratio = mean / target;
            int asked = Math.abs(ratio - 1) <= TOLERANCE ? nodes.size() : (int) Math.ceil(nodes.size() * ratio - 1e-9);
            wanted = Math.max(wanted, asked);
            reasons.add(String.format(Locale.ROOT, "mean %s %.0f%s against a target of %d: %d × %.2f → %d",
                    name, mean, unit, target, nodes.size(), ratio, asked));
        }

        ScalingAdvice advice() {
            int recommended = Math.max(1, wanted);
            if (nodes.isEmpty()) {
                reasons.add("no " + role.wireName() + " is running: at least one is needed");
            } else if (nodes.stream().noneMatch(NodeSample::acceptingWork) && recommended <= nodes.size()) {
                recommended = nodes.size() + 1;
                reasons.add("every " + role.wireName() + " refuses new work: one more");
            }
            return new ScalingAdvice(role, nodes.size(), recommended, List.copyOf(reasons));
        }
    }
}
