package io.braid.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.braid.agent.heartbeat.HeartbeatPublisher;
import io.braid.core.cluster.NodeLoad;
import io.braid.core.cluster.NodeRole;
import io.braid.core.json.Json;
import io.braid.core.transcode.LeaseAnswer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Job leases over the registry's REST API and the MongoDB-wire server: one holder per stream, takeover after expiry,
 * the end of a publish ends the job, no job without a ladder, and new streams go to the transcoder with fewest jobs.
 */
@QuarkusTest
class TranscodeLeasesTest {
    private static final String APP = "AbrTest";
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String ORIGIN = "origin-abr-" + SUFFIX;
    private static final String A = "transcoder-a-" + SUFFIX;
    private static final String B = "transcoder-b-" + SUFFIX;
    private static List<HeartbeatPublisher> agents;

    @Inject
    MongoClient mongo;

    @BeforeEach
    void cluster() throws Exception {
        if (agents != null) {
            return;
        }
        String bootstrap = ClusterNodesTest.bootstrap();
        agents = List.of(TestAgents.start(bootstrap, ORIGIN, NodeRole.ORIGIN, "default", NodeLoad.IDLE, Duration.ofSeconds(5)),
                TestAgents.start(bootstrap, A, NodeRole.TRANSCODER, "default", NodeLoad.IDLE, Duration.ofSeconds(5)),
                TestAgents.start(bootstrap, B, NodeRole.TRANSCODER, "default", NodeLoad.IDLE, Duration.ofSeconds(5)));
        ClusterNodesTest.await("nodes ALIVE", Duration.ofSeconds(15), () -> List.of(ORIGIN, A, B).stream()
                .allMatch(n -> given().get("/rest/v2/cluster-nodes/" + n).then().extract().statusCode() == 200));
        given().post("/rest/v2/applications/" + APP).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"encoderSettings\":[{\"height\":480,\"videoBitrate\":800000,\"audioBitrate\":96000},"
                + "{\"height\":240,\"videoBitrate\":300000,\"audioBitrate\":64000}],\"encoderSelectionPreference\":\"cpu_only\"}")
                .post("/rest/v2/applications/settings/" + APP).then().statusCode(200);
    }

    @AfterAll
    static void stop() {
        agents.forEach(HeartbeatPublisher::close);
    }

    @Test
    void oneHolderTakeoverAfterExpiryAndTheEndOfThePublishEndsTheJob() {
        String id = "abr" + UUID.randomUUID().toString().substring(0, 8);
        String key = APP + "/" + id;
        publish(APP, id, "start");
        LeaseAnswer first = call(A, List.of(), true);
        assertNotNull(first.newJob(), "an accepting transcoder gets the job");
        assertEquals(key, first.newJob().key());
        assertEquals("rtmp://127.0.0.1:1936/" + APP, first.newJob().originRtmpUrl());
        assertEquals(2, first.newJob().ladder().size());
        assertEquals("cpu_only", first.newJob().encoderSelectionPreference());
        assertNull(call(B, List.of(), true).newJob(), "a held job is given to nobody else");
        assertEquals(List.of(key), call(A, List.of(key), true).held());

        // A goes silent: once its lease has expired, B takes the job and A no longer holds it.
        mongo.getDatabase("braid").getCollection("transcodeleases").updateOne(Filters.eq("_id", key),
                Updates.set("expiresAt", System.currentTimeMillis() - 1));
        LeaseAnswer takeover = call(B, List.of(), true);
        assertNotNull(takeover.newJob());
        assertEquals(key, takeover.newJob().key());
        assertEquals(List.of(), call(A, List.of(key), false).held());

        publish(APP, id, "stop");
        assertEquals(List.of(), call(B, List.of(key), true).held(), "the source ended: the job ends");
    }

    @Test
    void noLadderNoJobAndNoJobForANonAcceptingTranscoder() {
        String id = "plain" + UUID.randomUUID().toString().substring(0, 8);
        publish("LiveApp", id, "start");
        try {
            LeaseAnswer a = call(A, List.of(), true);
            if (a.newJob() != null) {
                assertEquals(false, a.newJob().key().equals("LiveApp/" + id), "LiveApp has no ladder");
                call(A, List.of(), false);
            }
            String abr = "busy" + UUID.randomUUID().toString().substring(0, 8);
            publish(APP, abr, "start");
            LeaseAnswer refused = call(A, List.of(), false);
            assertNull(refused.newJob(), "a transcoder that does not accept work gets nothing");
            publish(APP, abr, "stop");
        } finally {
            publish("LiveApp", id, "stop");
        }
    }

    private static void publish(String app, String id, String what) {
        given().contentType(ContentType.JSON).body("{\"nodeId\":\"" + ORIGIN + "\",\"originAdress\":\"127.0.0.1\",\"sessionId\":\"s-" + id + "\"}")
                .post("/internal/v1/" + app + "/broadcasts/" + id + "/publish-" + (what.equals("start") ? "started" : "stopped"))
                .then().statusCode(200);
    }

    private static LeaseAnswer call(String node, List<String> jobs, boolean accepting) {
        String body = Json.write(new io.braid.core.transcode.LeaseRequest(node, jobs, accepting));
        String answer = given().contentType(ContentType.JSON).body(body).post("/internal/v1/transcode/leases").then().statusCode(200)
                .extract().asString();
        return Json.read(answer, LeaseAnswer.class);
    }
}
