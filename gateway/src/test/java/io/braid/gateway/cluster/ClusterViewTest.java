package io.braid.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.core.json.Json;
import io.braid.gateway.route.Upstream;
import org.junit.jupiter.api.Test;

class ClusterViewTest {

    @Test
    void theRegistrysNodeListBecomesTheAliveUpstreamsByRole() {
        JsonNode nodes = Json.read("""
                [{"id":"origin-1","role":"origin","status":"ALIVE","nodeGroup":"eu","ip":"10.0.0.1","ports":{"http":5100,"rtmp":1936},
                  "cpu":20,"memory":30,"acceptingWork":false,"load":{"localLiveStreams":4}},
                 {"id":"origin-2","role":"origin","status":"DEAD","ip":"10.0.0.2","ports":{"http":5100}},
                 {"id":"edge-1","role":"edge","status":"ALIVE","ip":"10.0.0.3","ports":{"http":5200},"load":{"localHLSViewers":7}},
                 {"id":"registry-1","role":"registry","status":"ALIVE","ip":"10.0.0.4","ports":{"http":5090}}]""", JsonNode.class);
        ClusterView.Snapshot s = ClusterView.parse(nodes);
        assertEquals(1, s.role("origin").size(), "DEAD nodes are not routed to");
        Upstream origin = s.role("origin").getFirst();
        assertEquals("10.0.0.1:1936", origin.address("rtmp"));
        assertEquals(4, origin.load());
        assertEquals("eu", origin.nodeGroup());
        assertFalse(origin.acceptingWork());
        assertEquals(7, s.role("edge").getFirst().load());
        assertEquals("default", s.role("edge").getFirst().nodeGroup());
        assertEquals(1, s.edgeRing().nodes().size());
        assertEquals(1, s.role("registry").size());
    }

    @Test
    void aLeavingNodeIsOutOfEveryRotationWhileStillAlive() {
        JsonNode nodes = Json.read("""
                [{"id":"origin-1","role":"origin","status":"ALIVE","state":"leaving","ip":"10.0.0.1","ports":{"http":5100,"rtmp":1936}},
                 {"id":"origin-2","role":"origin","status":"ALIVE","state":"serving","ip":"10.0.0.2","ports":{"http":5100,"rtmp":1936}},
                 {"id":"edge-1","role":"edge","status":"ALIVE","state":"leaving","ip":"10.0.0.3","ports":{"http":5200}},
                 {"id":"edge-2","role":"edge","status":"ALIVE","ip":"10.0.0.4","ports":{"http":5200}}]""", JsonNode.class);
        ClusterView.Snapshot s = ClusterView.parse(nodes);
        assertEquals(java.util.List.of("origin-2"), s.role("origin").stream().map(Upstream::nodeId).toList());
        assertEquals(java.util.List.of("edge-2"), s.role("edge").stream().map(Upstream::nodeId).toList(), "no state means serving");
        assertEquals(1, s.edgeRing().nodes().size());
    }
}
