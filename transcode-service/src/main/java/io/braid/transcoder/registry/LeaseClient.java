package io.braid.transcoder.registry;

import static io.braid.core.api.PathSegments.encode;

import io.braid.core.http.InternalHttp;
import io.braid.core.json.Json;
import io.braid.core.transcode.LeaseAnswer;
import io.braid.core.transcode.LeaseRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The transcoder's calls to the registry: renew leases and ask for work, release a finished job. */
@ApplicationScoped
public class LeaseClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @ConfigProperty(name = "braid.registry.url")
    String baseUrl;

    private final HttpClient http = InternalHttp.client(Duration.ofSeconds(2));

    public LeaseAnswer call(LeaseRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/internal/v1/transcode/leases")).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("registry answered " + r.statusCode() + " to a lease call: " + r.body());
        }
        return Json.read(r.body(), LeaseAnswer.class);
    }

    public void release(String nodeId, String app, String streamId) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/internal/v1/transcode/leases/" + encode(app) + "/" + encode(streamId)
                + "?nodeId=" + encode(nodeId))).timeout(TIMEOUT).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }
}
