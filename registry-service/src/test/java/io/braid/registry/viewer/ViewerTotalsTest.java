package io.braid.registry.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ViewerTotalsTest {

    private static Document viewers(String app, String stream, int hls) {
        return new Document("app", app).append("streamId", stream).append("hls", hls).append("dash", 0);
    }

    @Test
    void countsOfTheAliveNodesAreSummedPerStream() {
        Map<String, ViewerTotals.Counts> sums = ViewerTotals.sum(List.of(
                new Document("viewers", List.of(viewers("LiveApp", "t1", 3), viewers("LiveApp", "t2", 1))),
                new Document("viewers", List.of(viewers("LiveApp", "t1", 2).append("webrtc", 4))),
                new Document("_id", "registry-without-viewers")));
        assertEquals(new ViewerTotals.Counts(5, 0, 4), sums.get("LiveApp/t1"));
        assertEquals(new ViewerTotals.Counts(1, 0, 0), sums.get("LiveApp/t2"));
        assertEquals(2, sums.size());
    }
}
