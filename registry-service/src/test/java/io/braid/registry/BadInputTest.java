package io.braid.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every endpoint that takes a body or a path id rejects bad input with a 4xx and a message, and writes nothing.
 * The mutation test feeds hundreds of corrupted versions of valid bodies: none may produce a 5xx.
 */
@QuarkusTest
class BadInputTest {
    private static final String BIG = "x".repeat(10 * 1024);
    private static final String MUTATION_CHARS = "{}[]\":,0-9aZ\\";
    private static final List<String> BODY_ENDPOINTS = List.of(
            "POST /LiveApp/rest/v2/broadcasts/create",
            "PUT /LiveApp/rest/v2/broadcasts/fuzz-target",
            "POST /rest/v2/applications/settings/LiveApp",
            "POST /internal/v1/LiveApp/broadcasts/fuzz-target/publish-started",
            "POST /internal/v1/LiveApp/broadcasts/fuzz-target/publish-refresh",
            "POST /internal/v1/LiveApp/broadcasts/fuzz-target/publish-stopped",
            "POST /internal/v1/transcode/leases");
    private static final List<String> VALID_BODIES = List.of(
            "{\"streamId\":\"s1\",\"name\":\"n\",\"width\":1280,\"publish\":true,\"encoderSettingsList\":[{\"height\":360,\"videoBitrate\":800000,\"audioBitrate\":64000}]}",
            "{\"encoderSettings\":[{\"height\":720,\"videoBitrate\":2000000,\"audioBitrate\":128000}],\"hlsTime\":\"2\",\"hlsListSize\":\"15\",\"acceptUndefinedStreams\":true}",
            "{\"nodeId\":\"origin-x\",\"originAdress\":\"10.0.0.1\",\"width\":640,\"height\":360,\"bitrate\":900000,\"speed\":1.0}",
            "{\"nodeId\":\"transcoder-x\",\"jobs\":[\"LiveApp/fuzz-target\"],\"accepting\":false}");

    private static Response send(String endpoint, String body) {
        String[] parts = endpoint.split(" ", 2);
        return given().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8)).request(parts[0], parts[1]);
    }

    private static long broadcastCount() {
        return given().get("/LiveApp/rest/v2/broadcasts/count").jsonPath().getLong("number");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"streamId\":", "[1,2]", "\"text\"", "{\"streamId\":\"../../etc\"}", "{\"streamId\":\"a b\"}",
        "{\"width\":\"wide\"}", "{\"publish\":{\"x\":1}}", "{\"status\":\"dancing\"}", "{\"date\":-5}",
        "{\"streamUrl\":\"file:///etc/passwd\"}", "{\"subFolder\":\"../up\"}",
        "{\"encoderSettingsList\":[{\"height\":\"tall\"}]}", "{\"encoderSettingsList\":[{\"height\":99999,\"videoBitrate\":1000,\"audioBitrate\":0}]}",
        "LONG_NAME", "LONG_ID", "DEEP"})
    void badBroadcastBodiesAre400WithAMessageAndWriteNothing(String body) {
        String actual = switch (body) {
            case "LONG_NAME" -> "{\"name\":\"" + BIG + "\"}";
            case "LONG_ID" -> "{\"streamId\":\"" + BIG + "\"}";
            case "DEEP" -> "[".repeat(5000) + "]".repeat(5000);
            default -> body;
        };
        long before = broadcastCount();
        send("POST /LiveApp/rest/v2/broadcasts/create", actual).then().statusCode(400)
                .body("success", equalTo(false)).body("message", not(emptyOrNullString()));
        assertEquals(before, broadcastCount(), "nothing may be written");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"hlsTime\":\"abc\"}", "{\"hlsTime\":2}", "{\"hlsListSize\":[]}", "{\"encoderSettings\":\"720p\"}",
        "{\"encoderSettings\":[null]}", "{\"encoderSelectionPreference\":\"tpu\"}", "{\"hlsViewerLimit\":-7}", "{\"encoderSettingsString\":\"1,2\"}", "nope"})
    void badSettingsAre400AndKeepTheOldSettings(String body) {
        String before = given().get("/rest/v2/applications/settings/LiveApp").asString();
        Response r = send("POST /rest/v2/applications/settings/LiveApp", body);
        if (body.equals("{\"hlsTime\":2}")) {
            // Jackson reads a JSON number into a string field; 2 is a valid hlsTime, so this one is accepted.
            r.then().statusCode(200);
            return;
        }
        r.then().statusCode(400).body("message", not(emptyOrNullString()));
        String after = given().get("/rest/v2/applications/settings/LiveApp").asString();
        assertEquals(before, after);
    }

    @Test
    void badPathIdsAndAppsAreRejected() {
        given().get("/LiveApp/rest/v2/broadcasts/..%2F..%2Fetc").then().statusCode(400).body("message", not(emptyOrNullString()));
        given().get("/LiveApp/rest/v2/broadcasts/" + "y".repeat(200)).then().statusCode(400);
        given().delete("/LiveApp/rest/v2/broadcasts/a%20b").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{}").put("/LiveApp/rest/v2/broadcasts/a%2Fb").then().statusCode(400);
        given().queryParam("ids", "ok1,../x").delete("/LiveApp/rest/v2/broadcasts").then().statusCode(400);
        given().get("/Bad%20App/rest/v2/broadcasts/count").then().statusCode(400);
        given().get("/NoSuchApp/rest/v2/broadcasts/count").then().statusCode(404).body("message", equalTo("no such application: NoSuchApp"));
        given().post("/rest/v2/applications/" + "A".repeat(100)).then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"nodeId\":\"o\"}").post("/internal/v1/LiveApp/broadcasts/..%2Fx/publish-started").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{}").post("/internal/v1/LiveApp/broadcasts/okid/publish-started").then().statusCode(400)
                .body("message", equalTo("nodeId of the reporting origin is required"));
        given().get("/LiveApp/rest/v2/broadcasts/list/-1/10").then().statusCode(400);
    }

    @Test
    void oversizedBodyIsRefusedBeforeParsing() {
        String huge = "{\"description\":\"" + "z".repeat(2 * 1024 * 1024) + "\"}";
        int status = send("POST /LiveApp/rest/v2/broadcasts/create", huge).statusCode();
        assertEquals(413, status);
    }

    @Test
    void mutatedBodiesNeverCauseServerErrors() {
        given().contentType(ContentType.JSON).body("{\"streamId\":\"fuzz-target\"}").post("/LiveApp/rest/v2/broadcasts/create");
        Random random = new Random(20261124L);
        int served = 0;
        for (int i = 0; i < 300; i++) {
            String endpoint = BODY_ENDPOINTS.get(random.nextInt(BODY_ENDPOINTS.size()));
            byte[] body = VALID_BODIES.get(random.nextInt(VALID_BODIES.size())).getBytes(StandardCharsets.UTF_8);
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                int at = random.nextInt(body.length);
                switch (random.nextInt(4)) {
                    case 0 -> body[at] = (byte) random.nextInt(256);
                    case 1 -> body[at] = (byte) MUTATION_CHARS.charAt(random.nextInt(MUTATION_CHARS.length()));
                    case 2 -> body = java.util.Arrays.copyOf(body, at);
                    default -> {
                        byte[] grown = new byte[body.length + 1];
                        System.arraycopy(body, 0, grown, 0, at);
                        grown[at] = (byte) "{[\"".charAt(random.nextInt(3));
                        System.arraycopy(body, at, grown, at + 1, body.length - at);
                        body = grown;
                    }
                }
                if (body.length == 0) {
                    break;
                }
            }
            String[] parts = endpoint.split(" ", 2);
            int status = given().contentType(ContentType.JSON).body(body).request(parts[0], parts[1]).statusCode();
            assertTrue(status < 500, endpoint + " answered " + status + " to " + new String(body, StandardCharsets.ISO_8859_1));
            served++;
        }
        assertEquals(300, served);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
