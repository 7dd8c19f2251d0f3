package io.braid.gateway.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishRouterTest {

    private static Upstream origin(String id, String group, long streams, int cpu, boolean accepting) {
        return new Upstream(id, "origin", group, "10.0.0.1", Map.of("http", 5100, "rtmp", 1935), cpu, 10, accepting, streams);
    }

    @Test
    void theLeastLoadedAcceptingOriginOfTheClientsGroupElseOfAnyGroup() {
        List<Upstream> origins = List.of(origin("o-1", "eu", 5, 20, true), origin("o-2", "eu", 2, 30, true),
                origin("o-3", "us", 0, 5, true), origin("o-4", "eu", 0, 95, false));
        assertEquals("o-2", PublishRouter.choose(origins, "eu", o -> true).orElseThrow().nodeId(), "o-4 is over its limits");
        assertEquals("o-3", PublishRouter.choose(origins, "us", o -> true).orElseThrow().nodeId());
        assertEquals("o-3", PublishRouter.choose(origins, "asia", o -> true).orElseThrow().nodeId(), "no origin in asia: any group");
        assertEquals("o-1", PublishRouter.choose(origins, "eu", o -> !o.nodeId().equals("o-2")).orElseThrow().nodeId(), "unhealthy o-2 skipped");
        assertEquals("o-3", PublishRouter.choose(origins, "eu", o -> o.nodeId().equals("o-3")).orElseThrow().nodeId(), "eu all unhealthy");
        assertEquals(Optional.empty(), PublishRouter.choose(List.of(origin("o-4", "eu", 0, 95, false)), "eu", o -> true));
        assertEquals("o-a", PublishRouter.choose(List.of(origin("o-b", "eu", 1, 10, true), origin("o-a", "eu", 1, 10, true)), "eu", o -> true)
                .orElseThrow().nodeId(), "ties go to the node id");
    }
}
