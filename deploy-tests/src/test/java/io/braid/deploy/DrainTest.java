package io.braid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A pod being stopped must get through its whole drain before Kubernetes kills it: the preStop sleep (load
 * balancers and gateways stop sending), braid.node.leave-delay (not ready, no new work, still serving),
 * for origins braid.origin.drain-deadline (publishers kept, then closed so they reconnect elsewhere), and a
 * margin for the rest of the shutdown.
 */
class DrainTest {
    static final Duration MARGIN = Duration.ofSeconds(15);

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void theGracePeriodCoversTheWholeDrain(Overlay overlay) {
        overlay.braidServices().forEach(w -> {
            JsonNode c = w.braidContainer();
            Map<String, String> env = Workload.envValues(c);
            Duration total = preStopSleep(w, c).plus(required(w, env, "BRAID_NODE_LEAVE_DELAY")).plus(MARGIN);
            if (w.name().equals("origin")) {
                total = total.plus(required(w, env, "BRAID_ORIGIN_DRAIN_DEADLINE"));
            }
            long grace = w.podSpec().path("terminationGracePeriodSeconds").asLong(30);
            assertTrue(total.toSeconds() <= grace, overlay + ": " + w + " needs " + total.toSeconds()
                    + " s to drain (preStop + leave delay + drain deadline + 15 s) but terminationGracePeriodSeconds is " + grace);
        });
    }

    @ParameterizedTest
    @MethodSource("io.braid.deploy.Overlay#all")
    void originsKeepPublishersForAtLeastAMinute(Overlay overlay) {
        long grace = overlay.braidService("origin").podSpec().path("terminationGracePeriodSeconds").asLong(30);
        assertTrue(grace >= 60, overlay + ": origin terminationGracePeriodSeconds " + grace + " < 60");
    }

    private static Duration preStopSleep(Workload w, JsonNode container) {
        JsonNode preStop = container.at("/lifecycle/preStop");
        if (preStop.has("sleep")) {
            return Duration.ofSeconds(preStop.at("/sleep/seconds").asLong());
        }
        List<String> command = preStop.at("/exec/command").valueStream().map(JsonNode::asText).toList();
        if (command.size() != 2 || !command.getFirst().equals("sleep")) {
            fail(w + ": preStop must be a sleep (exec [sleep, N] or the sleep action), is " + preStop);
        }
        Duration sleep = Durations.parse(command.get(1));
        assertEquals(5, sleep.toSeconds(), w + ": preStop sleep");
        return sleep;
    }

    private static Duration required(Workload w, Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null) {
            fail(w + " must set " + name + " explicitly, so its drain time is known here");
        }
        return Durations.parse(value);
    }
}
