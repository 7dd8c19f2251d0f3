package io.braid.registry;

import io.braid.testkit.EventCollector;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.braid.agent.heartbeat.HeartbeatPublisher;
import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;
import io.braid.core.event.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BroadcastsTest {
    private static final String BASE = "/LiveApp/rest/v2/broadcasts";

    @Inject
    MongoClient mongo;

    private static String unique(String prefix) {
        return prefix + System.nanoTime();
    }

    @Test
    void createGetUpdateListCountDelete() {
        String id = unique("bc");
        given().contentType(ContentType.JSON).body("{\"streamId\":\"" + id + "\",\"name\":\"Morning show\",\"someAmsOnlyField\":true}")
                .post(BASE + "/create").then().statusCode(200)
                .body("streamId", equalTo(id)).body("status", equalTo("created")).body("type", equalTo("liveStream"))
                .body("publish", equalTo(true)).body("date", notNullValue())
                .body("rtmpURL", equalTo("rtmp://localhost/LiveApp/" + id)).body("hlsViewerLimit", equalTo(-1));
        given().contentType(ContentType.JSON).body("{\"streamId\":\"" + id + "\"}").post(BASE + "/create").then().statusCode(400)
                .body("success", equalTo(false)).body("message", startsWith("Stream id is already being used"));
        given().get(BASE + "/" + id).then().statusCode(200).body("name", equalTo("Morning show"));

        given().contentType(ContentType.JSON).body("{\"description\":\"news\",\"name\":null}").put(BASE + "/" + id).then()
                .statusCode(200).body("success", equalTo(true));
        given().get(BASE + "/" + id).then().body("description", equalTo("news")).body("name", equalTo("Morning show"));
        given().contentType(ContentType.JSON).body("{\"streamId\":\"other\"}").put(BASE + "/" + id).then().statusCode(400);
        given().contentType(ContentType.JSON).body("{}").put(BASE + "/nosuch" + id).then().statusCode(404);

        given().queryParam("search", "morning").get(BASE + "/list/0/250").then().statusCode(200).body("streamId", hasItem(id));
        given().get(BASE + "/list/0/1").then().body("$", hasSize(1));
        given().get(BASE + "/count/Morning").then().body("number", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        given().delete(BASE + "/" + id).then().statusCode(200).body("success", equalTo(true));
        given().get(BASE + "/" + id).then().statusCode(404).body("success", equalTo(false));
        given().get("/WebRTCAppEE/rest/v2/broadcasts/list/0/10").then().statusCode(200).body("streamId", not(hasItem(id)));
    }

    @Test
    void createWithoutBodyGeneratesAnId() {
        given().contentType(ContentType.JSON).post(BASE + "/create").then().statusCode(200)
                .body("streamId", org.hamcrest.Matchers.matchesPattern("[A-Za-z0-9]{16}[0-9]+"));
    }

    @Test
    void publishReportsDriveStatusAndStaleLiveReadsTerminatedUnexpectedly() throws Exception {
        String id = unique("live");
        try (EventCollector events = new EventCollector(ClusterNodesTest.bootstrap(), Topics.STREAM_EVENTS)) {
            String report = "{\"nodeId\":\"origin-a\",\"originAdress\":\"10.0.0.5\",\"publishType\":\"RTMP\",\"videoCodec\":\"h264\",\"width\":1280,\"height\":720,\"bitrate\":2500000}";
            given().contentType(ContentType.JSON).body(report).post("/internal/v1/LiveApp/broadcasts/" + id + "/publish-started")
                    .then().statusCode(200).body("status", equalTo("broadcasting")).body("zombi", equalTo(true))
                    .body("originAdress", equalTo("10.0.0.5")).body("height", equalTo(720));
            given().get(BASE + "/active-live-stream-count").then().body("number", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
            given().contentType(ContentType.JSON).body("{\"nodeId\":\"origin-b\"}").post("/internal/v1/LiveApp/broadcasts/" + id + "/publish-refresh")
                    .then().body("success", equalTo(false));

            // The origin stops refreshing: 20 s later readers see terminated_unexpectedly, as in Ant Media.
            mongo.getDatabase("braid").getCollection("broadcasts").updateOne(Filters.eq("_id", "LiveApp/" + id),
                    Updates.set("updateTime", System.currentTimeMillis() - 20_001));
            given().get(BASE + "/" + id).then().body("status", equalTo("terminated_unexpectedly"));

            given().contentType(ContentType.JSON).body(report).post("/internal/v1/LiveApp/broadcasts/" + id + "/publish-refresh")
                    .then().body("success", equalTo(true));
            given().get(BASE + "/" + id).then().body("status", equalTo("broadcasting"));

            given().contentType(ContentType.JSON).body(report).post("/internal/v1/LiveApp/broadcasts/" + id + "/publish-stopped")
                    .then().body("success", equalTo(true));
            given().get(BASE + "/" + id).then().statusCode(404); // zombi broadcasts go away with their publish
            ClusterNodesTest.await("publish events", Duration.ofSeconds(10), () -> events.events().stream()
                    .filter(e -> id.equals(e.path("streamId").asText())).map(e -> e.path("type").asText()).toList()
                    .equals(java.util.List.of("publish_started", "publish_stopped")));
        }
    }

    @Test
    void aStreamLiveOnAnAliveOriginCannotBeClaimedByAnother() throws Exception {
        String alive = unique("origin-alive-");
        HeartbeatPublisher agent = TestAgents.start(ClusterNodesTest.bootstrap(), alive, NodeRole.ORIGIN, "default", NodeLoad.IDLE, Duration.ofSeconds(5));
        try {
            ClusterNodesTest.await("origin ALIVE", Duration.ofSeconds(10), () ->
                    given().get("/rest/v2/cluster-nodes/" + alive).then().extract().statusCode() == 200);
            String id = unique("claimed");
            String path = "/internal/v1/LiveApp/broadcasts/" + id + "/publish-started";
            given().contentType(ContentType.JSON).body("{\"nodeId\":\"" + alive + "\"}").post(path).then().statusCode(200);
            given().contentType(ContentType.JSON).body("{\"nodeId\":\"origin-other\"}").post(path).then().statusCode(409)
                    .body("message", startsWith("streamIdInUse"));
            given().contentType(ContentType.JSON).body("{\"nodeId\":\"" + alive + "\"}").post(path).then()
                    .statusCode(200).body("originNodeId", equalTo(alive));

            // A holder the registry does not know as ALIVE loses the stream to the next publisher.
            String orphan = unique("orphan");
            String orphanPath = "/internal/v1/LiveApp/broadcasts/" + orphan + "/publish-started";
            given().contentType(ContentType.JSON).body("{\"nodeId\":\"origin-gone\"}").post(orphanPath).then().statusCode(200);
            given().contentType(ContentType.JSON).body("{\"nodeId\":\"origin-other\"}").post(orphanPath).then().statusCode(200)
                    .body("originNodeId", equalTo("origin-other"));
        } finally {
            agent.close();
        }
    }

    /** An origin reconnecting publisher: the late stop of the first session must not end (or delete) the second. */
    @Test
    void aLateStopOfAnEarlierPublishLeavesTheNewerOneAlone() {
        String id = unique("republished");
        String base = "/internal/v1/LiveApp/broadcasts/" + id;
        String first = "{\"nodeId\":\"origin-a\",\"sessionId\":\"s1\"}";
        String second = "{\"nodeId\":\"origin-a\",\"sessionId\":\"s2\"}";
        given().contentType(ContentType.JSON).body(first).post(base + "/publish-started").then().statusCode(200);
        given().contentType(ContentType.JSON).body(second).post(base + "/publish-started").then().statusCode(200);
        given().contentType(ContentType.JSON).body(first).post(base + "/publish-stopped").then().body("success", equalTo(false));
        given().contentType(ContentType.JSON).body(first).post(base + "/publish-refresh").then().body("success", equalTo(false));
        given().get(BASE + "/" + id).then().statusCode(200).body("status", equalTo("broadcasting"));
        given().contentType(ContentType.JSON).body(second).post(base + "/publish-stopped").then().body("success", equalTo(true));
        given().get(BASE + "/" + id).then().statusCode(404);
    }

    @Test
    void appThatRefusesUndefinedStreamsAcceptsOnlyCreatedOnes() {
        given().post("/rest/v2/applications/ClosedApp").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"acceptUndefinedStreams\":false}").post("/rest/v2/applications/settings/ClosedApp")
                .then().body("success", equalTo(true));
        String id = unique("undefined");
        given().contentType(ContentType.JSON).body("{\"nodeId\":\"origin-a\"}").post("/internal/v1/ClosedApp/broadcasts/" + id + "/publish-started")
                .then().statusCode(403).body("message", startsWith("not_allowed_unregistered_streams"));
        given().get("/ClosedApp/rest/v2/broadcasts/" + id).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"streamId\":\"" + id + "\"}").post("/ClosedApp/rest/v2/broadcasts/create").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"nodeId\":\"origin-a\"}").post("/internal/v1/ClosedApp/broadcasts/" + id + "/publish-started")
                .then().statusCode(200).body("status", equalTo("broadcasting"));
    }

    @Test
    void createdBroadcastKeepsItsRecordAfterPublishStops() {
        String id = unique("kept");
        given().contentType(ContentType.JSON).body("{\"streamId\":\"" + id + "\"}").post(BASE + "/create").then().statusCode(200);
        String report = "{\"nodeId\":\"origin-a\"}";
        given().contentType(ContentType.JSON).body(report).post("/internal/v1/LiveApp/broadcasts/" + id + "/publish-started").then()
                .body("zombi", equalTo(false));
        given().contentType(ContentType.JSON).body(report).post("/internal/v1/LiveApp/broadcasts/" + id + "/publish-stopped").then()
                .statusCode(200);
        given().get(BASE + "/" + id).then().statusCode(200).body("status", equalTo("finished")).body("duration", notNullValue());
    }

    @Test
    void applicationSettingsRoundTripWithAmsDefaults() {
        given().get("/rest/v2/applications").then().body("applications", hasItem("LiveApp")).body("applications", hasItem("WebRTCAppEE"));
        given().get("/rest/v2/applications/settings/WebRTCAppEE").then().statusCode(200)
                .body("hlsTime", equalTo("2")).body("hlsListSize", equalTo("15")).body("encoderSettings", hasSize(0));
        given().contentType(ContentType.JSON)
                .body("{\"encoderSettings\":[{\"height\":360,\"videoBitrate\":800000,\"audioBitrate\":64000}],\"hlsTime\":\"4\"}")
                .post("/rest/v2/applications/settings/WebRTCAppEE").then().statusCode(200).body("success", equalTo(true));
        given().get("/rest/v2/applications/settings/WebRTCAppEE").then()
                .body("encoderSettings[0].height", equalTo(360)).body("encoderSettings[0].forceEncode", equalTo(true))
                .body("hlsTime", equalTo("4")).body("hlsListSize", equalTo("15"));
        String app = "App" + System.nanoTime() % 100000;
        given().get("/rest/v2/applications/settings/" + app).then().statusCode(404);
        given().post("/rest/v2/applications/" + app).then().statusCode(200).body("success", equalTo(true));
        given().get("/rest/v2/applications").then().body("applications", hasItem(app));
        given().get("/" + app + "/rest/v2/broadcasts/count").then().statusCode(200).body("number", equalTo(0));
        given().delete("/rest/v2/applications/" + app).then().statusCode(200);
        given().get("/" + app + "/rest/v2/broadcasts/count").then().statusCode(404);
    }

    @Test
    void operationalEndpoints() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(org.hamcrest.Matchers.containsString("/rest/v2/cluster-nodes"));
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString("jvm_"));
    }
}
