package io.braid.edge.http;

import io.braid.core.api.Result;
import io.braid.core.hls.HlsFile;
import io.braid.edge.cache.CachedObject;
import io.braid.edge.cache.ObjectCache;
import io.braid.edge.origin.Location;
import io.braid.edge.origin.OriginFetcher;
import io.braid.edge.origin.OriginLocator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * HLS for viewers at the origin's paths ({@code /{app}/streams/{streamId}.m3u8} and its segments), served from the
 * edge's cache. A stream that is not live answers 404, one whose origin is DEAD 503, an origin that fails 502 or
 * 504; every answer has a JSON reason and none waits longer than the origin timeout.
 */
@Path("/{app}/streams")
public class EdgeStreamsResource {
    @Inject
    EdgeCache cache;
    @Inject
    OriginLocator locator;
    @Inject
    OriginFetcher fetcher;
    @Inject
    MeterRegistry metrics;
    private Counter bytesOut;

    @PostConstruct
    void init() {
        bytesOut = metrics.counter("braid_edge_sent_bytes");
    }

    @GET
    @Path("/{file}")
    public CompletionStage<Response> file(@PathParam("app") String app, @PathParam("file") String file,
                                          @HeaderParam("If-None-Match") String ifNoneMatch) {
        if (!HlsFile.isAppName(app)) {
            return done(error(404, "no such application: " + app));
        }
        Optional<HlsFile> hls = HlsFile.parse(file);
        if (hls.isEmpty()) {
            return done(error(404, "not an HLS playlist or segment name: " + file));
        }
        String streamId = hls.get().streamId();
        boolean isPlaylist = hls.get().playlist();
        return locator.locate(app, streamId).thenCompose(location -> switch (location) {
            case Location.NotLive n -> done(error(404, n.reason()));
            case Location.OriginDown d -> done(error(503, "the origin of " + app + "/" + streamId + " (" + d.nodeId() + ") is DEAD; retry shortly"));
            case Location.Live live -> cache.objects().get(EdgeCache.key(app, file),
                    () -> fetcher.fetch(live.baseUrl(), "/" + app + "/streams/" + file, isPlaylist)).thenApply(o -> ok(o, isPlaylist, ifNoneMatch));
        }).exceptionally(EdgeStreamsResource::failure);
    }

    private Response ok(CachedObject o, boolean playlist, String ifNoneMatch) {
        String etag = o.etag();
        Response.ResponseBuilder r = etag.equals(ifNoneMatch) ? Response.notModified() : Response.ok(o.body(), o.contentType());
        if (!etag.equals(ifNoneMatch)) {
            bytesOut.increment(o.body().length);
        }
        return r.header("ETag", etag)
                .header("Cache-Control", playlist ? "public, max-age=1" : "public, max-age=31536000, immutable")
                .header("Access-Control-Allow-Origin", "*")
                .build();
    }

    private static Response failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof OriginFetcher.FetchFailure f) {
            return error(f.status(), f.getMessage());
        }
        return error(502, "could not reach the registry or origin: " + cause.getClass().getSimpleName());
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).header("Access-Control-Allow-Origin", "*")
                .header("Cache-Control", "no-store").entity(Result.error(message)).build();
    }

    private static CompletionStage<Response> done(Response r) {
        return CompletableFuture.completedFuture(r);
    }
}
