package io.braid.edge.webrtc;

import io.braid.agent.ClusterAgent;
import io.braid.agent.http.SignallingHttp;
import io.braid.core.webrtc.SessionPaths;
import io.braid.edge.origin.Location;
import io.braid.edge.origin.OriginFetcher;
import io.braid.edge.origin.OriginLocator;
import io.braid.webrtc.peer.PeerSession;
import io.braid.webrtc.sdp.SdpException;
import io.braid.webrtc.server.SdpFragPatch;
import io.braid.webrtc.server.WebRtcServer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * WHEP (RFC 9725's sibling for playback, draft-ietf-wish-whep) on the edge: {@code POST /{app}/whep/{streamId}} with a
 * viewer's SDP offer answers 201 with the SDP answer, the session's {@code Location} (which names this edge, so the
 * gateway sends its PATCH and DELETE here), an {@code ETag} and the ICE servers as {@code Link}s. PATCH takes trickled
 * candidates (ignored: an ICE-lite server learns the viewer's address from its checks) and ICE restarts; DELETE ends
 * the session. Every refusal is a status with a JSON reason: 404 not live, 403 over the WebRTC viewer limit, 400/415
 * for an offer Braid cannot answer, 503 while the origin is down or the stream has not started.
 */
@ApplicationScoped
public class WhepRoutes {
    static final String SDP = SignallingHttp.SDP;
    static final String SDPFRAG = SdpFragPatch.SDPFRAG;

    @Inject
    OriginLocator locator;
    @Inject
    EdgeWebRtc webrtc;
    @Inject
    WebRtcViewers viewers;
    @Inject
    WebRtcSettings settings;
    @Inject
    ClusterAgent agent;

    void routes(@Observes Router router) {
        SignallingHttp.routes(router, SessionPaths.WHEP, this::endpoint, this::session);
    }

    private void endpoint(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        WebRtcServer server = webrtc.server();
        if (server == null) {
            SignallingHttp.cors(response);
            error(response, 404, "WebRTC playback is off on this edge");
            return;
        }
        String offer = SignallingHttp.offer(ctx, "WHEP", server.iceServerLinks());
        if (offer == null) {
            return;
        }
        String app = ctx.pathParam("param0");
        String streamId = ctx.pathParam("param1");
        {
            String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
            String agentHeader = Optional.ofNullable(request.getHeader(HttpHeaders.USER_AGENT)).orElse("");
            admit(app, streamId, client, agentHeader).whenComplete((admitted, failure) -> {
                if (failure != null) {
                    refusal(response, failure);
                    return;
                }
                try {
                    PeerSession session = server.answer(offer, admitted.fanout);
                    webrtc.admitted(session, app, streamId, client, agentHeader.substring(0, Math.min(256, agentHeader.length())), null);
                    String location = SessionPaths.WHEP.session(app, streamId, agent.self().nodeId(), session.id());
                    SignallingHttp.links(response, server.iceServerLinks());
                    response.putHeader(HttpHeaders.CONTENT_TYPE, SDP).putHeader(HttpHeaders.LOCATION, location)
                            .putHeader(HttpHeaders.ETAG, SdpFragPatch.etag(session)).putHeader("Accept-Patch", SDPFRAG).setStatusCode(201)
                            .end(session.negotiated().localSdp());
                } catch (SdpException e) {
                    error(response, 400, e.getMessage());
                }
            });
        }
    }

    /** What an admitted viewer plays from. */
    record Admitted(LiveFeed feed, io.braid.webrtc.fanout.StreamFanout fanout) {
    }

    /** A refusal with its HTTP status and reason, for both WHEP and the WebSocket signalling. */
    static final class Refused extends RuntimeException {
        final int status;
        final String definition;

        Refused(int status, String definition, String message) {
            super(message, null, false, false);
            this.status = status;
            this.definition = definition;
        }
    }

    /**
     * Finds the stream, checks its WebRTC viewer limit, starts (or joins) its feed and waits for its configuration.
     * Fails with {@link Refused}.
     */
    CompletableFuture<Admitted> admit(String app, String streamId, String client, String userAgent) {
        return locator.locate(app, streamId).thenCompose(location -> {
            switch (location) {
                case Location.NotLive n -> throw new Refused(404, "no_stream_exist", n.reason());
                case Location.OriginDown d -> throw new Refused(503, "no_stream_exist",
                        "the origin of " + app + "/" + streamId + " (" + d.nodeId() + ") is DEAD; retry shortly");
                case Location.Live live -> {
                    if (live.rtmpUrl() == null) {
                        throw new Refused(503, "server_error_check_logs", "the origin of " + app + "/" + streamId + " has no RTMP port to pull from");
                    }
                    int here = viewers.of(app, streamId);
                    int others = Math.max(0, live.clusterWebRtcViewers() - here);
                    if (live.webRtcViewerLimit() >= 0 && others + here >= live.webRtcViewerLimit()) {
                        throw new Refused(403, "viewerLimitReached", "stream " + app + "/" + streamId + " has reached its WebRTC viewer limit of "
                                + live.webRtcViewerLimit());
                    }
                    LiveFeed feed = webrtc.feed(app, streamId, live);
                    return feed.ready().orTimeout(settings.startWait().toMillis(), TimeUnit.MILLISECONDS)
                            .handle((ok, failed) -> {
                                if (failed == null) {
                                    return new Admitted(feed, feed.fanout);
                                }
                                Throwable cause = OriginFetcher.unwrap(failed);
                                if (cause instanceof TimeoutException) {
                                    throw new Refused(503, "no_stream_exist", "stream " + app + "/" + streamId + " sent no H.264 configuration within "
                                            + settings.startWait().toSeconds() + " s; retry shortly");
                                }
                                throw new Refused(502, "no_stream_exist", "could not play " + app + "/" + streamId + " from its origin: " + cause.getMessage());
                            });
                }
            }
        });
    }

    private void session(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        SignallingHttp.cors(response);
        WebRtcServer server = webrtc.server();
        Optional<SessionPaths.Session> path = SessionPaths.WHEP.parseSession(request.path());
        if (server == null || path.isEmpty()) {
            error(response, 404, "no such WHEP session");
            return;
        }
        PeerSession session = server.session(path.get().sessionId());
        if (request.method() != HttpMethod.OPTIONS && (session == null || !path.get().nodeId().equals(agent.self().nodeId()))) {
            error(response, 404, "no WHEP session " + path.get().sessionId() + " on this edge (it ended, or this edge restarted)");
            return;
        }
        SignallingHttp.SessionRequest asked = SignallingHttp.sessionRequest(ctx, "WHEP", server.iceServerLinks());
        if (asked == SignallingHttp.SessionRequest.DELETE) {
            session.close("the viewer ended the session (WHEP DELETE)");
            response.setStatusCode(200).end();
            return;
        }
        if (asked != SignallingHttp.SessionRequest.PATCH) {
            return;
        }
        String frag = Optional.ofNullable(ctx.body().asString(StandardCharsets.UTF_8.name())).orElse("");
        switch (SdpFragPatch.apply(server, session, request.getHeader(HttpHeaders.IF_MATCH), frag)) {
            case SdpFragPatch.Trickled t -> response.setStatusCode(204).end();
            case SdpFragPatch.Refused r -> error(response, r.status(), r.message());
            case SdpFragPatch.Restarted r -> response.putHeader(HttpHeaders.CONTENT_TYPE, SDPFRAG).putHeader(HttpHeaders.ETAG, r.etag())
                    .setStatusCode(200).end(r.sdpfrag());
        }
    }

    private static void refusal(HttpServerResponse response, Throwable failure) {
        Throwable cause = OriginFetcher.unwrap(failure);
        if (cause instanceof Refused r) {
            error(response, r.status, r.getMessage());
        } else {
            error(response, 502, "could not reach the registry: " + cause.getClass().getSimpleName());
        }
    }

    static void error(HttpServerResponse response, int status, String message) {
        SignallingHttp.error(response, status, message);
    }
}
