package io.braid.edge.http;

import io.braid.core.api.Result;
import io.braid.core.hls.HlsFile;
import io.braid.edge.cache.CachedObject;
import io.braid.edge.cache.ObjectCache;
import io.braid.edge.delivery.ByteRange;
import io.braid.edge.delivery.EdgeContent;
import io.braid.edge.origin.Location;
import io.braid.edge.origin.OriginFetcher;
import io.braid.edge.origin.OriginLocator;
import io.braid.edge.viewer.EdgeViewers;
import io.braid.edge.viewer.PlaylistSessions;
import io.braid.edge.viewer.SessionKeys;
import io.braid.edge.viewer.ViewerSessions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * HLS for viewers at the origin's paths ({@code /{app}/streams/{streamId}.m3u8} and its segments), served from the
 * edge's cache. A stream that is not live answers 404, one whose origin is DEAD 503, an origin that fails 502 or
 * 504, a new viewer over the stream's HLS viewer limit 403; every refusal has a JSON reason and none waits longer
 * than the origin timeout. Playlists come back with the viewer's {@code session} in their URLs.
 */
@Path("/{app}/streams")
public class EdgeStreamsResource {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    @Inject
    OriginLocator locator;
    @Inject
    EdgeContent content;
    @Inject
    EdgeViewers viewers;
    @Inject
    EdgeMetrics metrics;

    @GET
    @Path("/{file}")
    public CompletionStage<Response> file(@PathParam("app") String app, @PathParam("file") String file,
                                          @QueryParam(SessionKeys.QUERY) String session,
                                          @HeaderParam("If-None-Match") String ifNoneMatch, @HeaderParam("Range") String range,
                                          @HeaderParam("User-Agent") String userAgent, @Context HttpServerRequest request) {
        if (!HlsFile.isAppName(app)) {
            return done(error(404, "no such application: " + app));
        }
        Optional<HlsFile> parsed = HlsFile.parse(file);
        if (parsed.isEmpty()) {
            return done(error(404, "not an HLS playlist or segment name: " + file));
        }
        HlsFile hls = parsed.get();
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String agent = userAgent == null ? "" : userAgent.substring(0, Math.min(userAgent.length(), 256));
        boolean masterWithoutSession = session == null && hls.playlist() && hls.streamId().endsWith("_adaptive");
        String key = masterWithoutSession ? SessionKeys.fresh() : SessionKeys.of(session, client, agent);
        return locator.locate(app, hls.source()).thenCompose(location -> switch (location) {
            case Location.NotLive n -> done(error(404, n.reason()));
            case Location.OriginDown d -> done(error(503, "the origin of " + app + "/" + hls.source() + " (" + d.nodeId() + ") is DEAD; retry shortly"));
            case Location.Live live -> {
                ViewerSessions.Admission admission = viewers.request(app, hls.source(), key, client, agent, live.viewerLimit(), live.clusterViewers());
                if (!admission.allowed()) {
                    yield done(error(403, admission.refusal()));
                }
                ObjectCache.Lookup lookup = content.lookup(live, app, file, hls.playlist());
                metrics.request(hls.playlist(), lookup.hit());
                yield lookup.object().thenApply(o -> {
                    Response r = hls.playlist() ? playlist(o, key, ifNoneMatch) : segment(o, ifNoneMatch, range);
                    long sent = r.getEntity() instanceof byte[] body ? body.length : 0;
                    viewers.sessions().sent(app, hls.source(), key, sent);
                    metrics.sent(sent);
                    return r;
                });
            }
        }).exceptionally(EdgeStreamsResource::failure);
    }

    private static Response playlist(CachedObject o, String sessionKey, String ifNoneMatch) {
        // The body differs per session, so does the validator; the same player polling gets its 304s.
        String etag = o.etag().substring(0, o.etag().length() - 1) + "-" + sessionKey + "\"";
        if (etag.equals(ifNoneMatch)) {
            return headers(Response.notModified(), etag, o, true).build();
        }
        byte[] body = PlaylistSessions.tag(new String(o.body(), StandardCharsets.UTF_8), sessionKey).getBytes(StandardCharsets.UTF_8);
        return headers(Response.ok(body, o.contentType()), etag, o, true).build();
    }

    private static Response segment(CachedObject o, String ifNoneMatch, String rangeHeader) {
        if (o.etag().equals(ifNoneMatch)) {
            return headers(Response.notModified(), o.etag(), o, false).build();
        }
        int length = o.body().length;
        Optional<ByteRange> range = ByteRange.parse(rangeHeader, length);
        if (range.isEmpty()) {
            return headers(Response.ok(o.body(), o.contentType()), o.etag(), o, false).header("Accept-Ranges", "bytes").build();
        }
        ByteRange r = range.get();
        if (r == ByteRange.UNSATISFIABLE) {
            return headers(Response.status(416), o.etag(), o, false).header("Content-Range", "bytes */" + length).build();
        }
        byte[] part = Arrays.copyOfRange(o.body(), (int) r.first(), (int) r.last() + 1);
        return headers(Response.status(206).entity(part).type(o.contentType()), o.etag(), o, false)
                .header("Accept-Ranges", "bytes")
                .header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + length).build();
    }

    private static Response.ResponseBuilder headers(Response.ResponseBuilder r, String etag, CachedObject o, boolean playlist) {
        return r.header("ETag", etag)
                .header("Last-Modified", HTTP_DATE.format(Instant.ofEpochMilli(o.fetchedAt())))
                .header("Cache-Control", playlist ? "public, max-age=1" : "public, max-age=31536000, immutable")
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Expose-Headers", "Content-Length, Content-Range, ETag");
    }

    private static Response failure(Throwable error) {
        Throwable cause = OriginFetcher.unwrap(error);
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
