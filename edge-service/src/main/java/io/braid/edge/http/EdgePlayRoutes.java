package io.braid.edge.http;

import io.braid.core.api.Result;
import io.braid.core.hls.HlsFile;
import io.braid.core.json.Json;
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
import io.braid.edge.viewer.SteeringPlaylist;
import io.braid.edge.viewer.ViewerSessions;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * HLS for viewers at the origin's paths ({@code /{app}/streams/{streamId}.m3u8} and its segments), served from the
 * edge's cache. A stream that is not live answers 404, one whose origin is DEAD 503, an origin that fails 502 or
 * 504, a new viewer over the stream's HLS viewer limit 403; every refusal has a JSON reason and none waits longer
 * than the origin timeout. Playlists come back with the viewer's {@code session} in their URLs. When this edge has a
 * public URL, a viewer's first playlist request through the gateway gets a {@link SteeringPlaylist} that sends its
 * reloads here directly, and a playlist asked for through the gateway within a session lists absolute segment URLs to
 * this edge.
 *
 * <p>A Vert.x route rather than a JAX-RS resource: this is the edge's hot path, and the profile of the resource
 * version had its time in JAX-RS response building and in copying each {@code byte[]} body into a fresh direct
 * buffer. Here a segment is written from the cache's off-heap copy, and headers are prebuilt constants.
 */
@ApplicationScoped
public class EdgePlayRoutes {
    private static final CharSequence ETAG = HttpHeaders.createOptimized("ETag");
    private static final CharSequence LAST_MODIFIED = HttpHeaders.createOptimized("Last-Modified");
    private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence ALLOW_ORIGIN = HttpHeaders.createOptimized("Access-Control-Allow-Origin");
    private static final CharSequence EXPOSE_HEADERS = HttpHeaders.createOptimized("Access-Control-Expose-Headers");
    private static final CharSequence ACCEPT_RANGES = HttpHeaders.createOptimized("Accept-Ranges");
    private static final CharSequence RANGE = HttpHeaders.createOptimized("Range");
    private static final CharSequence CONTENT_RANGE = HttpHeaders.createOptimized("Content-Range");
    private static final CharSequence ANY = HttpHeaders.createOptimized("*");
    private static final CharSequence EXPOSED = HttpHeaders.createOptimized("Content-Length, Content-Range, ETag");
    private static final CharSequence BYTES = HttpHeaders.createOptimized("bytes");
    private static final CharSequence PLAYLIST_CACHE = HttpHeaders.createOptimized("public, max-age=1");
    private static final CharSequence SEGMENT_CACHE = HttpHeaders.createOptimized("public, max-age=31536000, immutable");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

    @Inject
    OriginLocator locator;
    @Inject
    EdgeContent content;
    @Inject
    EdgeViewers viewers;
    @Inject
    EdgeMetrics metrics;
    @Inject
    EdgePublicUrl publicUrl;

    void routes(@Observes Router router) {
        router.routeWithRegex("/([^/]+)/streams/([^/]+)").method(HttpMethod.GET).method(HttpMethod.HEAD).order(-100).handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String app = ctx.pathParam("param0");
        String file = ctx.pathParam("param1");
        if (!HlsFile.isAppName(app)) {
            error(ctx.response(), 404, "no such application: " + app);
            return;
        }
        Optional<HlsFile> parsed = HlsFile.parse(file);
        if (parsed.isEmpty()) {
            error(ctx.response(), 404, "not an HLS playlist or segment name: " + file);
            return;
        }
        HlsFile hls = parsed.get();
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        String agent = userAgent == null ? "" : userAgent.substring(0, Math.min(userAgent.length(), 256));
        String session = request.getParam(SessionKeys.QUERY);
        // A viewer's first playlist request through the entry point (it has no session yet): steered to this edge.
        String steerTo = hls.playlist() && session == null ? publicUrl.mediaPrefix(request, app) : null;
        boolean newSession = session == null && hls.playlist() && (steerTo != null || hls.streamId().endsWith("_adaptive"));
        String key = newSession ? SessionKeys.fresh() : SessionKeys.of(session, client, agent);
        locator.locate(app, hls.source()).whenComplete((location, failed) -> {
            if (failed != null) {
                failure(ctx.response(), failed);
                return;
            }
            switch (location) {
                case Location.NotLive n -> error(ctx.response(), 404, n.reason());
                case Location.OriginDown d -> error(ctx.response(), 503,
                        "the origin of " + app + "/" + hls.source() + " (" + d.nodeId() + ") is DEAD; retry shortly");
                case Location.Live live -> {
                    ViewerSessions.Admission admission = viewers.request(app, hls.source(), key, client, agent, live.viewerLimit(), live.clusterViewers());
                    if (!admission.allowed()) {
                        error(ctx.response(), 403, admission.refusal());
                        return;
                    }
                    ObjectCache.Lookup lookup = content.lookup(live, app, file, hls.playlist());
                    metrics.request(hls.playlist(), lookup.hit());
                    lookup.object().whenComplete((o, error) -> {
                        if (error != null) {
                            failure(ctx.response(), error);
                            return;
                        }
                        if (steerTo != null) {
                            steer(request, ctx.response(), live, app, file, o, key, steerTo, admission.session());
                            return;
                        }
                        long sent = hls.playlist() ? playlist(request, ctx.response(), o, app, key) : segment(request, ctx.response(), o);
                        sent(admission.session(), sent);
                    });
                }
            }
        });
    }

    private void sent(ViewerSessions.Session session, long bytes) {
        session.sent(bytes);
        metrics.sent(bytes);
    }

    /**
     * Answers a viewer's first playlist request through the entry point with a {@link SteeringPlaylist}: its reloads
     * then come here directly, with the entry point as its fallback. A media playlist's one variant is measured at the
     * bit rate of its newest segment, fetched into the cache here (the player asks for it next).
     */
    private void steer(HttpServerRequest request, HttpServerResponse response, Location.Live live, String app, String file, CachedObject o,
                       String key, String edgePrefix, ViewerSessions.Session session) {
        SteeringPlaylist.Source source = o.derived(SteeringPlaylist.Source.class, c -> SteeringPlaylist.Source.of(c.text()));
        if (source.multivariant()) {
            if (source.steering().isEmpty()) {
                sent(session, playlist(request, response, o, app, key));
            } else {
                sent(session, steering(response, o, source.steering().get().render(key, edgePrefix)));
            }
            return;
        }
        Optional<SteeringPlaylist.Segment> newest = source.newest().filter(s -> HlsFile.parse(s.uri()).filter(h -> !h.playlist()).isPresent());
        if (newest.isEmpty()) {
            error(response, 404, "stream " + app + "/" + file + " lists no segment yet; try again in a moment");
            return;
        }
        content.lookup(live, app, newest.get().uri(), false).object().whenComplete((segment, failed) -> {
            if (failed != null) {
                failure(response, failed);
                return;
            }
            long bandwidth = Math.round(segment.size() * 8 / newest.get().seconds());
            sent(session, steering(response, o, SteeringPlaylist.ofMedia(file, bandwidth).render(key, edgePrefix)));
        });
    }

    private static long steering(HttpServerResponse response, CachedObject playlist, byte[] body) {
        if (response.ended() || response.closed()) {
            return 0;
        }
        // Made for this viewer alone (its new session is in it): no validator, not to be kept by caches.
        response.headers().add(CONTENT_TYPE, playlist.contentType()).add(CACHE_CONTROL, NO_STORE).add(ALLOW_ORIGIN, ANY);
        response.end(Buffer.buffer(body));
        return body.length;
    }

    /** Answers a playlist for this viewer's session; returns the body bytes sent. */
    private long playlist(HttpServerRequest request, HttpServerResponse response, CachedObject o, String app, String sessionKey) {
        String mediaPrefix = publicUrl.mediaPrefix(request, app);
        // The body differs per session (and per public address), so does the validator; a player polling gets its 304s.
        String etag = o.etag().substring(0, o.etag().length() - 1) + "-" + sessionKey
                + (mediaPrefix == null ? "" : "-" + Integer.toHexString(mediaPrefix.hashCode())) + "\"";
        headers(response, etag, o, PLAYLIST_CACHE);
        if (etag.equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
            return 0;
        }
        PlaylistSessions compiled = o.derived(PlaylistSessions.class, cached -> PlaylistSessions.compile(cached.text()));
        byte[] body = compiled.render(sessionKey, mediaPrefix);
        response.headers().add(CONTENT_TYPE, o.contentType());
        response.end(Buffer.buffer(body));
        return body.length;
    }

    /** Answers a segment, whole or the requested range, written from the cache's off-heap copy; returns the bytes sent. */
    private static long segment(HttpServerRequest request, HttpServerResponse response, CachedObject o) {
        headers(response, o.etag(), o, SEGMENT_CACHE);
        if (o.etag().equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
            return 0;
        }
        int length = o.size();
        Optional<ByteRange> range = ByteRange.parse(request.getHeader(RANGE), length);
        if (range.isPresent() && range.get() == ByteRange.UNSATISFIABLE) {
            response.headers().add(CONTENT_RANGE, "bytes */" + length);
            response.setStatusCode(416).end();
            return 0;
        }
        MultiMap headers = response.headers();
        headers.add(CONTENT_TYPE, o.contentType()).add(ACCEPT_RANGES, BYTES);
        ByteBuffer body = o.body();
        if (range.isPresent()) {
            ByteRange r = range.get();
            body.position((int) r.first()).limit((int) r.last() + 1);
            headers.add(CONTENT_RANGE, "bytes " + r.first() + "-" + r.last() + "/" + length);
            response.setStatusCode(206);
        }
        int sent = body.remaining();
        // Vert.x writes a direct buffer as it is (an unreleasable slice); the wrapper keeps the memory alive meanwhile.
        response.end(Buffer.buffer(Unpooled.wrappedBuffer(body)));
        return sent;
    }

    private static void headers(HttpServerResponse response, String etag, CachedObject o, CharSequence cacheControl) {
        response.headers().add(ETAG, etag).add(LAST_MODIFIED, o.lastModified()).add(CACHE_CONTROL, cacheControl)
                .add(ALLOW_ORIGIN, ANY).add(EXPOSE_HEADERS, EXPOSED);
    }

    private static void failure(HttpServerResponse response, Throwable error) {
        Throwable cause = OriginFetcher.unwrap(error);
        if (cause instanceof OriginFetcher.FetchFailure f) {
            error(response, f.status(), f.getMessage());
        } else {
            error(response, 502, "could not reach the registry or origin: " + cause.getClass().getSimpleName());
        }
    }

    private static void error(HttpServerResponse response, int status, String message) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status);
        response.headers().add(CONTENT_TYPE, JSON).add(ALLOW_ORIGIN, ANY).add(CACHE_CONTROL, NO_STORE);
        response.end(Json.write(Result.error(message)));
    }
}
