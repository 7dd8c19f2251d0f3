package io.braid.edge.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.braid.core.broadcast.StreamIds;
import io.braid.core.json.Json;
import io.braid.edge.origin.OriginFetcher;
import io.braid.media.h264.SpsInfo;
import io.braid.webrtc.fanout.StreamFanout;
import io.braid.webrtc.peer.PeerSession;
import io.braid.webrtc.sdp.SdpException;
import io.braid.webrtc.server.SessionEvents;
import io.braid.webrtc.server.WebRtcConfig;
import io.braid.webrtc.server.WebRtcServer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Ant Media's WebSocket signalling for playback at {@code /{app}/websocket}, so pages written against its JavaScript
 * SDK ({@code @antmedia/webrtc_adaptor}) play from Braid unchanged. Play is server-offer: {@code play} gets our offer
 * ({@code takeConfiguration} type offer), the browser's answer comes back the same way, then {@code play_started} and
 * {@code play_finished} notifications follow the session. Candidates from the browser are ignored (ICE-lite: its
 * checks tell us its address); ours are in the offer. Errors use Ant Media's definitions ({@code no_stream_exist},
 * {@code viewerLimitReached}, {@code invalidStreamName}, ...).
 */
@ApplicationScoped
public class AntMediaSignalling {
    private static final Logger LOG = Logger.getLogger(AntMediaSignalling.class);
    static final int MAX_MESSAGE = 64 * 1024;

    @Inject
    EdgeWebRtc webrtc;
    @Inject
    WhepRoutes whep;

    void routes(@Observes Router router) {
        router.routeWithRegex("/([A-Za-z0-9_-]{1,64})/websocket").order(-100).handler(this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        String app = ctx.pathParam("param0");
        WebRtcServer server = webrtc.server();
        if (server == null) {
            WhepRoutes.error(ctx.response(), 404, "WebRTC playback is off on this edge");
            return;
        }
        String client = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        String agent = Optional.ofNullable(ctx.request().getHeader(HttpHeaders.USER_AGENT)).orElse("");
        ctx.request().toWebSocket().onSuccess(ws -> new Connection(ws, app, client, agent.substring(0, Math.min(256, agent.length())), server))
                .onFailure(e -> LOG.debugf("WebSocket upgrade failed: %s", e.getMessage()));
    }

    /** One signalling connection: its play sessions by stream id. */
    private final class Connection {
        private final ServerWebSocket ws;
        private final String app;
        private final String client;
        private final String agent;
        private final WebRtcServer server;
        private final Map<String, WebRtcServer.Pending> offered = new ConcurrentHashMap<>();
        private final Map<String, PeerSession> playing = new ConcurrentHashMap<>();

        Connection(ServerWebSocket ws, String app, String client, String agent, WebRtcServer server) {
            this.ws = ws;
            this.app = app;
            this.client = client;
            this.agent = agent;
            this.server = server;
            ws.textMessageHandler(this::message);
            ws.binaryMessageHandler(b -> error("unsupportedBinaryMessage", null, "the signalling takes JSON text messages"));
            ws.closeHandler(v -> closeAll("the signalling WebSocket closed"));
        }

        private void message(String text) {
            if (text.length() > MAX_MESSAGE) {
                error("invalidCommand", null, "a message over " + MAX_MESSAGE + " characters");
                return;
            }
            JsonNode m;
            try {
                m = Json.read(text, JsonNode.class);
            } catch (RuntimeException e) {
                error("invalidCommand", null, "not a JSON object");
                return;
            }
            if (m == null || !m.isObject()) {
                error("invalidCommand", null, "not a JSON object");
                return;
            }
            String command = m.path("command").asText("");
            String streamId = m.path("streamId").asText("");
            switch (command) {
                case "ping" -> send(object("pong"));
                case "play" -> play(streamId);
                case "takeConfiguration" -> answer(streamId, m.path("type").asText(""), m.path("sdp").asText(""));
                case "takeCandidate" -> {
                    // ICE-lite: the browser's connectivity checks reveal its address; trickled candidates add nothing.
                }
                case "stop" -> stop(streamId, "the viewer sent stop");
                case "getIceServerConfig" -> iceServers();
                case "getStreamInfo" -> streamInfo(streamId);
                default -> LOG.debugf("signalling command %s is not supported for playback", command);
            }
        }

        private void play(String streamId) {
            if (streamId.isEmpty()) {
                error("noStreamNameSpecified", streamId, "play needs a streamId");
                return;
            }
            if (!StreamIds.isValid(streamId)) {
                error("invalidStreamName", streamId, StreamIds.problem(streamId));
                return;
            }
            // The SDK replays play when ICE did not connect within 3 s: the old attempt gives way to the new one.
            stop(streamId, "the viewer asked to play again");
            whep.admit(app, streamId, client, agent).whenComplete((admitted, failure) -> {
                if (failure != null) {
                    Throwable cause = OriginFetcher.unwrap(failure);
                    if (cause instanceof WhepRoutes.Refused r) {
                        error(r.definition, streamId, r.getMessage(), r.status == 404 ? "404" : null);
                    } else {
                        error("server_error_check_logs", streamId, cause.getMessage());
                    }
                    return;
                }
                WebRtcServer.Pending pending = server.offer(admitted.fanout());
                offered.put(streamId, pending);
                ObjectNode offer = object("takeConfiguration").put("streamId", streamId).put("type", "offer").put("sdp", pending.offer());
                send(offer);
            });
        }

        private void answer(String streamId, String type, String sdp) {
            WebRtcServer.Pending pending = offered.remove(streamId);
            if (pending == null || !type.equals("answer")) {
                error("notSetRemoteDescription", streamId, "no offer of ours for " + streamId + " waits for an answer");
                return;
            }
            try {
                PeerSession session = server.complete(pending, sdp);
                playing.put(streamId, session);
                webrtc.admitted(session, app, streamId, client, agent, new Notifier(streamId));
            } catch (SdpException e) {
                error("notSetRemoteDescription", streamId, e.getMessage());
            }
        }

        private void stop(String streamId, String reason) {
            offered.remove(streamId);
            PeerSession s = playing.remove(streamId);
            if (s != null) {
                s.close(reason);
            }
        }

        private void iceServers() {
            ObjectNode config = object("iceServerConfig");
            java.util.List<WebRtcConfig.IceServer> servers = server.iceServers();
            if (!servers.isEmpty()) {
                WebRtcConfig.IceServer s = servers.getFirst();
                config.put("stunServerUri", s.url());
                config.put("turnServerUsername", s.username() == null ? "" : s.username());
                config.put("turnServerCredential", s.credential() == null ? "" : s.credential());
            } else {
                config.put("stunServerUri", "");
            }
            send(config);
        }

        private void streamInfo(String streamId) {
            LiveFeed feed = webrtc.existingFeed(app, streamId);
            SpsInfo picture = feed == null ? null : feed.picture();
            if (picture == null) {
                error("no_stream_exist", streamId, "stream " + app + "/" + streamId + " is not playing over WebRTC here", "404");
                return;
            }
            ObjectNode info = object("streamInformation").put("streamId", streamId);
            info.putArray("streamInfo").addObject().put("streamWidth", picture.width()).put("streamHeight", picture.height())
                    .put("videoBitrate", 0).put("audioBitrate", 64_000).put("videoCodec", "H264");
            send(info);
        }

        private void closeAll(String reason) {
            offered.clear();
            for (PeerSession s : playing.values()) {
                s.close(reason);
            }
            playing.clear();
        }

        private void error(String definition, String streamId, String message) {
            error(definition, streamId, message, null);
        }

        /** Ant Media's error message; {@code errorCode} (e.g. "404") only where Ant Media sends one. */
        private void error(String definition, String streamId, String message, String errorCode) {
            ObjectNode e = object("error").put("definition", definition);
            if (streamId != null && !streamId.isEmpty()) {
                e.put("streamId", streamId);
            }
            if (errorCode != null) {
                e.put("error_code", errorCode);
            }
            e.put("message", message);
            send(e);
        }

        private ObjectNode object(String command) {
            return Json.MAPPER.createObjectNode().put("command", command);
        }

        private void send(ObjectNode message) {
            if (!ws.isClosed()) {
                ws.writeTextMessage(Json.write(message));
            }
        }

        /** Tells the page when its session starts and ends. */
        private final class Notifier implements SessionEvents {
            private final String streamId;

            Notifier(String streamId) {
                this.streamId = streamId;
            }

            @Override
            public void started(PeerSession session, StreamFanout stream) {
                send(object("notification").put("definition", "play_started").put("streamId", streamId));
            }

            @Override
            public void ended(PeerSession session, StreamFanout stream, String reason, boolean wasConnected) {
                playing.remove(streamId, session);
                send(object("notification").put("definition", "play_finished").put("streamId", streamId).put("reason", reason));
            }
        }
    }
}
