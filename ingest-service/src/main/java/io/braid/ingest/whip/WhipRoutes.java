package io.braid.ingest.whip;

import io.braid.agent.ClusterAgent;
import io.braid.agent.http.SignallingHttp;
import io.braid.core.hls.HlsFile;
import io.braid.core.webrtc.SessionPaths;
import io.braid.ingest.stream.Admission;
import io.braid.ingest.stream.PublishGate;
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
import org.jboss.logging.Logger;

/**
 * WHIP (RFC 9725) on the origin: {@code POST /{app}/whip/{streamId}} with a publisher's SDP offer runs the same
 * publishing rules as RTMP and SRT ({@link PublishGate}) and answers 201 with the SDP answer, the session's
 * {@code Location} (which names this origin, so the gateway sends its PATCH and DELETE here), an {@code ETag} and the
 * ICE servers as {@code Link}s. Each refusal is a status with a JSON reason: 400 an invalid stream id or an offer
 * Braid cannot take, 404 an unknown app, 409 the id is live, 403 not allowed (unregistered stream, a rendition name),
 * 503 overloaded, leaving or the registry down, 415 not SDP. PATCH takes trickled candidates and ICE restarts; DELETE
 * unpublishes. An {@code Authorization: Bearer} token is accepted and reaches here through the gateway; it is not
 * checked yet (publish tokens are the security issue's).
 */
@ApplicationScoped
public class WhipRoutes {
    private static final Logger LOG = Logger.getLogger(WhipRoutes.class);

    @Inject
    OriginWebRtc webrtc;
    @Inject
    PublishGate gate;
    @Inject
    ClusterAgent agent;

    void routes(@Observes Router router) {
        SignallingHttp.routes(router, SessionPaths.WHIP, this::endpoint, this::session);
    }

    private void endpoint(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        WebRtcServer server = webrtc.server();
        if (server == null) {
            SignallingHttp.cors(response);
            error(response, 404, "WHIP ingest is off on this origin");
            return;
        }
        String offer = SignallingHttp.offer(ctx, "WHIP", server.iceServerLinks());
        if (offer == null) {
            return;
        }
        String app = ctx.pathParam("param0");
        String streamId = ctx.pathParam("param1");
        if (HlsFile.isDerived(streamId)) {
            error(response, 403, streamId + " is a rendition name; renditions are published by transcoders");
            return;
        }
        gate.admit(app, streamId, WhipPublish.PROTOCOL).whenComplete((admission, failure) -> {
            if (failure != null) {
                error(response, 503, "could not decide on the publish: " + failure);
                return;
            }
            if (admission instanceof Admission.Refused r) {
                LOG.infof("refused WHIP publish %s/%s from %s: %s", app, streamId, request.remoteAddress(), r.message());
                error(response, status(r.kind()), r.message());
                return;
            }
            Admission.Granted granted = (Admission.Granted) admission;
            if (response.closed()) {
                gate.abandon(granted, WhipPublish.PROTOCOL); // the publisher gave up waiting
                return;
            }
            try {
                PeerSession session = webrtc.accept(server, offer, granted);
                SignallingHttp.links(response, server.iceServerLinks());
                response.putHeader(HttpHeaders.CONTENT_TYPE, SignallingHttp.SDP)
                        .putHeader(HttpHeaders.LOCATION, SessionPaths.WHIP.session(app, streamId, agent.self().nodeId(), session.id()))
                        .putHeader(HttpHeaders.ETAG, SdpFragPatch.etag(session)).putHeader("Accept-Patch", SdpFragPatch.SDPFRAG)
                        .setStatusCode(201).end(session.negotiated().localSdp());
            } catch (SdpException e) {
                error(response, 400, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warnf(e, "WHIP %s/%s could not be answered", app, streamId);
                error(response, 500, "could not answer the offer: " + e.getMessage());
            }
        });
    }

    /** Each publishing rule's refusal, as WHIP's status. */
    static int status(Admission.Refusal kind) {
        return switch (kind) {
            case BAD_NAME -> 400;
            case BAD_APP -> 404;
            case IN_USE -> 409;
            case FORBIDDEN -> 403;
            case OVERLOAD, UNAVAILABLE -> 503;
        };
    }

    private void session(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        SignallingHttp.cors(response);
        WebRtcServer server = webrtc.server();
        Optional<SessionPaths.Session> path = SessionPaths.WHIP.parseSession(request.path());
        if (server == null || path.isEmpty()) {
            error(response, 404, "no such WHIP session");
            return;
        }
        PeerSession session = server.session(path.get().sessionId());
        if (request.method() != HttpMethod.OPTIONS && (session == null || !path.get().nodeId().equals(agent.self().nodeId()))) {
            error(response, 404, "no WHIP session " + path.get().sessionId() + " on this origin (it ended, or this origin restarted)");
            return;
        }
        SignallingHttp.SessionRequest asked = SignallingHttp.sessionRequest(ctx, "WHIP", server.iceServerLinks());
        if (asked == SignallingHttp.SessionRequest.DELETE) {
            session.close("the publisher ended the session (WHIP DELETE)");
            response.setStatusCode(200).end();
        } else if (asked == SignallingHttp.SessionRequest.PATCH) {
            patch(ctx, server, session);
        }
    }

    static void patch(RoutingContext ctx, WebRtcServer server, PeerSession session) {
        HttpServerResponse response = ctx.response();
        String frag = Optional.ofNullable(ctx.body().asString(StandardCharsets.UTF_8.name())).orElse("");
        switch (SdpFragPatch.apply(server, session, ctx.request().getHeader(HttpHeaders.IF_MATCH), frag)) {
            case SdpFragPatch.Trickled t -> response.setStatusCode(204).end();
            case SdpFragPatch.Refused r -> error(response, r.status(), r.message());
            case SdpFragPatch.Restarted r -> response.putHeader(HttpHeaders.CONTENT_TYPE, SdpFragPatch.SDPFRAG).putHeader(HttpHeaders.ETAG, r.etag())
                    .setStatusCode(200).end(r.sdpfrag());
        }
    }

    static void error(HttpServerResponse response, int status, String message) {
        SignallingHttp.error(response, status, message);
    }
}
