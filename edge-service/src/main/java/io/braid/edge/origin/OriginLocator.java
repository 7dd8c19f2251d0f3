package io.braid.edge.origin;

import static io.braid.core.api.PathSegments.encode;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.core.event.Topics;
import io.braid.core.json.Json;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import io.braid.core.http.InternalHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which origin serves a stream, asked of the registry at most once per stream per {@code braid.edge.locate-ttl}
 * however many viewers there are, and forgotten at once when a stream event says it changed. Concurrent lookups for
 * one stream share one registry call. Viewer requests never reach MongoDB.
 */
@ApplicationScoped
public class OriginLocator {
    private static final java.util.Set<String> SERVED_STATUSES = java.util.Set.of("broadcasting", "finished");
    private static final int MAX_REMEMBERED = 10_000;

    private record Entry(CompletableFuture<Location> location, long expiresAt) {
    }

    @ConfigProperty(name = "braid.registry.url")
    String registryUrl;
    @ConfigProperty(name = "braid.edge.locate-ttl", defaultValue = "2s")
    Duration ttl;
    @ConfigProperty(name = "braid.edge.ended-grace", defaultValue = "60s")
    Duration endedGrace;

    private final HttpClient http = InternalHttp.client(Duration.ofSeconds(2));
    private final Map<String, Entry> streams = new ConcurrentHashMap<>();
    private RecentOrigins recent;

    @PostConstruct
    void init() {
        recent = new RecentOrigins(endedGrace.toMillis(), MAX_REMEMBERED, System::currentTimeMillis);
    }

    public CompletableFuture<Location> locate(String app, String streamId) {
        String key = Topics.streamKey(app, streamId);
        long now = System.currentTimeMillis();
        Entry entry = streams.compute(key, (k, old) -> old != null && old.expiresAt() > now && !old.location().isCompletedExceptionally()
                ? old : new Entry(lookup(app, streamId).thenApply(found -> recent.remember(key, found)), now + ttl.toMillis()));
        return entry.location();
    }

    /** A stream event arrived: the next request asks the registry again. */
    public void forget(String app, String streamId) {
        streams.remove(Topics.streamKey(app, streamId));
    }

    private CompletableFuture<Location> lookup(String app, String streamId) {
        CompletableFuture<JsonNode> settings = get("/rest/v2/applications/settings/" + encode(app));
        return get("/" + encode(app) + "/rest/v2/broadcasts/" + encode(streamId)).thenCompose(broadcast -> {
            if (broadcast == null) {
                return CompletableFuture.completedFuture(new Location.NotLive("no broadcast " + app + "/" + streamId));
            }
            String status = broadcast.path("status").asText();
            String nodeId = broadcast.path("originNodeId").asText("");
            // A finished stream is still served while its origin keeps the ended playlist (the origin says 404 after).
            if (!SERVED_STATUSES.contains(status) || nodeId.isEmpty()) {
                return CompletableFuture.completedFuture(new Location.NotLive(app + "/" + streamId + " is " + status));
            }
            return get("/rest/v2/cluster-nodes/" + encode(nodeId)).thenCombine(settings, (node, appSettings) -> {
                if (node == null || !"ALIVE".equals(node.path("status").asText())) {
                    return "broadcasting".equals(status) ? new Location.OriginDown(nodeId)
                            : new Location.NotLive(app + "/" + streamId + " is " + status);
                }
                int port = node.path("ports").path("http").asInt(0);
                if (port == 0) {
                    return new Location.OriginDown(nodeId);
                }
                int rtmp = node.path("ports").path("rtmp").asInt(0);
                String ip = node.path("ip").asText();
                return new Location.Live("http://" + ip + ":" + port, nodeId, limit(broadcast, appSettings, "hlsViewerLimit"),
                        broadcast.path("hlsViewerCount").asInt(0), rtmp == 0 ? null : "rtmp://" + ip + ":" + rtmp + "/" + app,
                        limit(broadcast, appSettings, "webRTCViewerLimit"), broadcast.path("webRTCViewerCount").asInt(0));
            });
        });
    }

    /** A viewer limit: the broadcast's, else its application's; negative = none. */
    private static int limit(JsonNode broadcast, JsonNode appSettings, String field) {
        int limit = broadcast.path(field).asInt(-1);
        if (limit < 0 && appSettings != null) {
            limit = appSettings.path(field).asInt(-1);
        }
        return limit;
    }

    /** @return the JSON document, or null on 404 */
    private CompletableFuture<JsonNode> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registryUrl + path)).timeout(Duration.ofSeconds(3)).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() == 404) {
                return null;
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException("registry answered " + r.statusCode() + " to " + path);
            }
            return Json.read(r.body(), JsonNode.class);
        });
    }
}
