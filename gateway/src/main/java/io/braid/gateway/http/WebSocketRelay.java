package io.braid.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.core.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Ant Media's WebSocket signalling ({@code /{app}/websocket}) through the gateway. The socket is held here until its
 * first message that names a stream (the SDK's {@code play}); the gateway then opens the same socket to that stream's
 * edge (the ring, groups and cookie of HLS and WHEP) and relays both ways, the held messages first. One signalling
 * socket is one session's affinity: everything it carries reaches the edge that holds the session.
 */
@ApplicationScoped
public class WebSocketRelay {
    private static final Logger LOG = Logger.getLogger(WebSocketRelay.class);
    /** Messages held before a stream is named; a client that sends more without naming one is not a player. */
    static final int MAX_HELD = 32;

    @Inject
    Vertx vertx;
    @Inject
    HttpProxy proxy;

    private WebSocketClient client;

    void routes(@Observes Router router) {
        client = vertx.createWebSocketClient();
        router.routeWithRegex("/([A-Za-z0-9_-]{1,64})/websocket").order(-100).handler(this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        String app = ctx.pathParam("param0");
        String uri = ctx.request().uri();
        List<HttpProxy.Target> any = proxy.edgeTargets(ctx.request(), app + "/");
        ctx.request().toWebSocket().onSuccess(ws -> new Relay(ws, ctx, app, uri, any.isEmpty()))
                .onFailure(e -> LOG.debugf("WebSocket upgrade failed: %s", e.getMessage()));
    }

    private final class Relay {
        private final ServerWebSocket viewer;
        private final RoutingContext ctx;
        private final String app;
        private final String uri;
        private final List<String> held = new ArrayList<>();
        private WebSocket edge;
        private boolean connecting;

        Relay(ServerWebSocket viewer, RoutingContext ctx, String app, String uri, boolean noEdges) {
            this.viewer = viewer;
            this.ctx = ctx;
            this.app = app;
            this.uri = uri;
            viewer.textMessageHandler(this::fromViewer);
            viewer.closeHandler(v -> {
                if (edge != null) {
                    edge.close();
                }
            });
            if (noEdges) {
                refuse("no healthy edge is available; retry shortly");
            }
        }

        private void fromViewer(String text) {
            if (edge != null) {
                edge.writeTextMessage(text);
                return;
            }
            if (held.size() >= MAX_HELD) {
                refuse("no message named a streamId within the first " + MAX_HELD);
                return;
            }
            held.add(text);
            if (connecting) {
                return;
            }
            String streamId = streamId(text);
            if (streamId == null) {
                return;
            }
            connecting = true;
            List<HttpProxy.Target> targets = proxy.edgeTargets(ctx.request(), app + "/" + streamId);
            if (targets.isEmpty()) {
                refuse("no healthy edge is available; retry shortly");
                return;
            }
            connect(targets, 0);
        }

        private void connect(List<HttpProxy.Target> targets, int index) {
            HttpProxy.Target t = targets.get(index);
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(t.host()).setPort(t.port()).setURI(uri)
                    .addHeader("X-Forwarded-For", viewer.remoteAddress() == null ? "" : viewer.remoteAddress().hostAddress());
            client.connect(options).onComplete(ar -> {
                if (ar.failed()) {
                    if (index + 1 < targets.size()) {
                        connect(targets, index + 1);
                    } else {
                        refuse("edge " + t.name() + " unreachable: " + ar.cause().getClass().getSimpleName());
                    }
                    return;
                }
                edge = ar.result();
                edge.textMessageHandler(viewer::writeTextMessage);
                edge.closeHandler(v -> viewer.close());
                for (String m : held) {
                    edge.writeTextMessage(m);
                }
                held.clear();
            });
        }

        private void refuse(String message) {
            viewer.writeTextMessage(Json.write(Json.MAPPER.createObjectNode().put("command", "error")
                    .put("definition", "server_error_check_logs").put("message", message)));
            viewer.close();
        }
    }

    /** The streamId a signalling message names, or null. */
    static String streamId(String text) {
        try {
            JsonNode m = Json.read(text, JsonNode.class);
            String id = m == null ? null : m.path("streamId").asText(null);
            return id == null || id.isEmpty() ? null : id;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
