package io.braid.agent.http;

import io.braid.core.api.Result;
import io.braid.core.json.Json;
import io.braid.core.webrtc.SessionPaths;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP side that WHEP (edges) and WHIP (origins) share, RFC 9725's rules: CORS for browsers, ICE servers as
 * {@code Link} headers, the endpoint's and the session resource's methods and content types, and every refusal as a
 * status with a JSON reason. What each does with an offer or a session is its own.
 */
public final class SignallingHttp {
    public static final String SDP = "application/sdp";
    public static final String SDPFRAG = "application/trickle-ice-sdpfrag";
    private static final String EXPOSE = "Location, ETag, Link, Accept-Patch, Accept-Post";

    /** Offers and sdpfrags are read whole (a few kB); beyond this the answer is 413. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private SignallingHttp() {
    }

    /** Routes a WHEP or WHIP endpoint and its session resources, bodies read whole, ahead of the other routes. */
    public static void routes(Router router, SessionPaths paths, Handler<RoutingContext> endpoint, Handler<RoutingContext> session) {
        router.routeWithRegex(paths.sessionRegex()).order(-100).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(session);
        router.routeWithRegex(paths.endpointRegex()).order(-100).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(endpoint);
    }

    /**
     * The endpoint's checks before an offer is read: CORS, OPTIONS (answered with the ICE servers), 405 for other
     * methods than POST, 415 without {@code application/sdp}, 400 without an offer.
     *
     * @param name  WHEP or WHIP, for the messages
     * @param links the ICE servers' {@code Link} header values
     * @return the offer, or null when the request has been answered here
     */
    public static String offer(RoutingContext ctx, String name, List<String> links) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        cors(response);
        if (request.method() == HttpMethod.OPTIONS) {
            links(response, links);
            response.putHeader("Accept-Post", SDP).setStatusCode(204).end();
            return null;
        }
        if (request.method() != HttpMethod.POST) {
            response.putHeader("Allow", "OPTIONS, POST");
            error(response, 405, "a " + name + " endpoint takes POST with an SDP offer");
            return null;
        }
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(SDP)) {
            error(response, 415, "a " + name + " offer needs Content-Type: application/sdp");
            return null;
        }
        String offer = ctx.body().asString(StandardCharsets.UTF_8.name());
        if (offer == null || offer.isBlank()) {
            error(response, 400, "the " + name + " POST has no SDP offer");
            return null;
        }
        return offer;
    }

    /** What a request to a session resource asks for, once {@link #sessionRequest} has let it through. */
    public enum SessionRequest {
        DELETE, PATCH
    }

    /**
     * A session resource's checks: CORS, OPTIONS, 405 for other methods than PATCH and DELETE, 415 for a PATCH that is
     * not an sdpfrag. The caller has found the session (or answered 404) before.
     *
     * @return DELETE or PATCH, or null when the request has been answered here
     */
    public static SessionRequest sessionRequest(RoutingContext ctx, String name, List<String> links) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        if (request.method() == HttpMethod.OPTIONS) {
            links(response, links);
            response.putHeader("Accept-Patch", SDPFRAG).setStatusCode(204).end();
            return null;
        }
        if (request.method() == HttpMethod.DELETE) {
            return SessionRequest.DELETE;
        }
        if (request.method() != HttpMethod.PATCH) {
            response.putHeader("Allow", "OPTIONS, PATCH, DELETE");
            error(response, 405, "a " + name + " session takes PATCH (trickle ICE, ICE restart) and DELETE");
            return null;
        }
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(SDPFRAG)) {
            error(response, 415, "a " + name + " PATCH needs Content-Type: application/trickle-ice-sdpfrag");
            return null;
        }
        return SessionRequest.PATCH;
    }

    public static void links(HttpServerResponse response, List<String> links) {
        for (String link : links) {
            response.headers().add("Link", link);
        }
    }

    public static void cors(HttpServerResponse response) {
        response.putHeader("Access-Control-Allow-Origin", "*")
                .putHeader("Access-Control-Allow-Methods", "OPTIONS, POST, PATCH, DELETE")
                .putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match")
                .putHeader("Access-Control-Expose-Headers", EXPOSE)
                .putHeader("Access-Control-Allow-Private-Network", "true");
    }

    /** A refusal: the status and a JSON reason, never cached; nothing if the response is already gone. */
    public static void error(HttpServerResponse response, int status, String message) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(Json.write(Result.error(message)));
    }
}
