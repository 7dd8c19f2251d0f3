package io.braid.ingest.registry;

import static io.braid.core.api.PathSegments.encode;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.core.app.AppSettings;
import io.braid.core.broadcast.Broadcast;
import io.braid.core.broadcast.PublishReport;
import io.braid.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import io.braid.core.http.InternalHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The origin's calls to the registry, which owns broadcasts and app settings: read an app's settings, claim a
 * stream on publish, refresh it every 10 s and release it on stop. Non-blocking (the RTMP event loop must never
 * wait on a network call), with short timeouts so a slow registry turns into a clear refusal, not a stuck client.
 */
@ApplicationScoped
public class RegistryClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** The registry's answer to a claim: granted with the broadcast, or refused with its reason. */
    public record Claim(Broadcast broadcast, int status, String refusal) {
        public boolean granted() {
            return broadcast != null;
        }
    }

    /** The registry answered with something other than what the protocol allows. */
    public static final class RegistryException extends IOException {
        public RegistryException(String message) {
            super(message);
        }
    }

    @ConfigProperty(name = "braid.registry.url")
    String baseUrl;

    private final HttpClient http = InternalHttp.client(Duration.ofSeconds(2));

    /** @return the app's settings, or empty if the registry does not know the app */
    public CompletableFuture<Optional<AppSettings>> appSettings(String app) {
        return send(get("/rest/v2/applications/settings/" + encode(app))).thenApply(r -> {
            if (r.statusCode() == 404 || r.statusCode() == 400) {
                return Optional.empty();
            }
            return Optional.of(Json.read(ok(r), AppSettings.class));
        });
    }

    public CompletableFuture<Claim> publishStarted(String app, String streamId, PublishReport report) {
        return send(post(internal(app, streamId, "publish-started"), report)).thenApply(r -> {
            if (r.statusCode() == 409 || r.statusCode() == 403 || r.statusCode() == 400 || r.statusCode() == 404) {
                return new Claim(null, r.statusCode(), message(r.body()));
            }
            return new Claim(Json.read(ok(r), Broadcast.class), 200, null);
        });
    }

    /** @return whether this origin still holds the stream */
    public CompletableFuture<Boolean> publishRefresh(String app, String streamId, PublishReport report) {
        return send(post(internal(app, streamId, "publish-refresh"), report)).thenApply(r -> Json.read(ok(r), JsonNode.class).path("success").asBoolean());
    }

    public CompletableFuture<Void> publishStopped(String app, String streamId, PublishReport report) {
        return send(post(internal(app, streamId, "publish-stopped"), report)).thenApply(r -> {
            if (r.statusCode() != 404) {
                ok(r);
            }
            return null;
        });
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).GET().build();
    }

    private HttpRequest post(String path, Object body) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
    }

    private static String internal(String app, String streamId, String action) {
        return "/internal/v1/" + encode(app) + "/broadcasts/" + encode(streamId) + "/" + action;
    }

    private static String ok(HttpResponse<String> r) {
        if (r.statusCode() / 100 != 2) {
            throw new java.util.concurrent.CompletionException(new RegistryException(
                    "registry answered " + r.statusCode() + " to " + r.request().uri().getPath() + ": " + message(r.body())));
        }
        return r.body();
    }

    private static String message(String body) {
        try {
            return Json.read(body, JsonNode.class).path("message").asText(body);
        } catch (RuntimeException notJson) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
