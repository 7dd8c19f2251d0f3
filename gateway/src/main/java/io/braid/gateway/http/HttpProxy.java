package io.braid.gateway.http;

import io.braid.core.api.Result;
import io.braid.core.hls.HlsFile;
import io.braid.core.json.Json;
import io.braid.core.webrtc.SessionPaths;
import io.braid.gateway.route.PublishRouter;
import io.braid.gateway.cluster.ClusterView;
import io.braid.gateway.cluster.NodeGroupConfig;
import io.braid.gateway.route.ClientGroups;
import io.braid.gateway.route.Upstream;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateway's HTTP routes: the REST API and OpenAPI to a registry (rotating, the next one on a connection
 * failure), play paths ({@code /{app}/streams/**}) to an edge chosen by consistent hashing with bounded loads on
 * {@code app/stream}, preferring the client's node group. Bodies are streamed both ways, never held whole. An
 * idempotent request that could not reach its upstream, or got a 5xx before any byte was sent on, is tried once on
 * the next choice. A viewer keeps its edge through the {@code braid_edge} cookie while that edge is healthy.
 */
@ApplicationScoped
public class HttpProxy {
    private static final Logger ACCESS = Logger.getLogger("io.braid.gateway.access");
    /** Compared without case and without making a lower-case copy of every header name of every request. */
    private static final Set<String> HOP_BY_HOP = caseInsensitive("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "host");
    static final String AFFINITY_COOKIE = "braid_edge";

    @Inject
    Vertx vertx;
    @Inject
    ClusterView view;
    @Inject
    MeterRegistry metrics;
    @Inject
    NodeGroupConfig nodeGroups;
    @ConfigProperty(name = "braid.gateway.balance-epsilon", defaultValue = "0.25")
    double epsilon;
    @ConfigProperty(name = "braid.gateway.upstream-timeout", defaultValue = "10s")
    java.time.Duration upstreamTimeout;
    /**
     * Which play requests get an access-log line: {@code errors} (status 400 and up, the default) or {@code all}. API
     * requests are always logged. A line per playlist reload cost about half the gateway's CPU per playlist request.
     */
    @ConfigProperty(name = "braid.gateway.access-log", defaultValue = "errors")
    PlayAccessLog accessLog;

    /** Which play requests the access log has a line for. */
    public enum PlayAccessLog {
        /** Status 400 and up. */
        ERRORS,
        /** Every one. */
        ALL
    }

    private HttpClientOptions clientOptions;
    /**
     * One upstream client per event loop, used only from it: its connections then live on the loop that serves the
     * viewer's connection, so a proxied request never hops threads. With one shared client, connections made on one
     * loop served requests of another, and the gateway's profile was dominated by the wake-ups of that hand-over.
     */
    private final Map<Thread, HttpClient> clients = new ConcurrentHashMap<>();
    private ClientGroups groups;
    private io.micrometer.core.instrument.Counter retries;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, String> affinityCookies = new ConcurrentHashMap<>();

    /** An upstream address; {@code node} is null for a configured (bootstrap) registry not yet seen in the view. */
    record Target(String host, int port, Upstream node) {
        String name() {
            return node != null ? node.nodeId() : host + ":" + port;
        }
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }

    void routes(@Observes Router router) {
        // 64 KB body chunks rather than 8 KB: a proxied segment is written to the viewer in 8 times fewer writes.
        clientOptions = new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(256).setMaxChunkSize(65536)
                .setConnectTimeout(2000).setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS);
        groups = nodeGroups.groups();
        retries = metrics.counter("braid_gateway_retries_total");
        router.route("/rest/v2/*").order(-100).handler(ctx -> forward(ctx, "registry", registries()));
        router.routeWithRegex("/[A-Za-z0-9_-]{1,64}/rest/v2/.*").order(-100).handler(ctx -> forward(ctx, "registry", registries()));
        router.route("/q/openapi").order(-100).handler(ctx -> forward(ctx, "registry", registries()));
        router.routeWithRegex("/([A-Za-z0-9_-]{1,64})/streams/([^/?]{1,256})").order(-100).handler(this::play);
        router.routeWithRegex(SessionPaths.WHEP.sessionRegex()).order(-100).handler(ctx -> sessionHolder(ctx, SessionPaths.WHEP, "edge"));
        router.routeWithRegex(SessionPaths.WHEP.endpointRegex()).method(HttpMethod.POST).order(-101)
                .handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(this::whepOffer);
        router.routeWithRegex(SessionPaths.WHEP.endpointRegex()).order(-100).handler(this::whepEndpoint);
        router.routeWithRegex(SessionPaths.WHIP.sessionRegex()).order(-100).handler(ctx -> sessionHolder(ctx, SessionPaths.WHIP, "origin"));
        router.routeWithRegex(SessionPaths.WHIP.endpointRegex()).method(HttpMethod.POST).order(-101)
                .handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(this::whipOffer);
        router.routeWithRegex(SessionPaths.WHIP.endpointRegex()).order(-100).handler(ctx -> forward(ctx, "whip", originTargets(ctx.request())));
    }

    private void play(RoutingContext ctx) {
        String app = ctx.pathParam("param0");
        String file = ctx.pathParam("param1");
        String stream = HlsFile.parse(file).map(HlsFile::source).orElse(file);
        forward(ctx, "edge", edgeTargets(ctx.request(), app + "/" + stream));
    }

    /**
     * A WHEP offer goes where the stream's HLS viewers go (the same ring, the same groups and cookie), so one edge
     * pulls the stream once for both. The offer is small and read whole, so a refused or failing first edge can be
     * retried on the next one; media then flows between the viewer and the edge's advertised address.
     */
    private void whepOffer(RoutingContext ctx) {
        List<Target> targets = edgeTargets(ctx.request(), ctx.pathParam("param0") + "/" + ctx.pathParam("param1"));
        Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
        if (targets.isEmpty()) {
            fail(ctx, "webrtc", null, 503, "no healthy edge is available; retry shortly", System.nanoTime());
        } else {
            attempt(ctx, "webrtc", targets, 0, Math.min(2, targets.size()), System.nanoTime(), body);
        }
    }

    /** The endpoint's other methods (OPTIONS preflight, and the 405s) from the stream's edge. */
    private void whepEndpoint(RoutingContext ctx) {
        forward(ctx, "webrtc", edgeTargets(ctx.request(), ctx.pathParam("param0") + "/" + ctx.pathParam("param1")));
    }

    /**
     * A WHEP or WHIP session's PATCH and DELETE go to the node its resource path names (an edge for WHEP, an origin
     * for WHIP): the one holding the session.
     */
    private void sessionHolder(RoutingContext ctx, SessionPaths paths, String role) {
        Optional<SessionPaths.Session> session = paths.parseSession(ctx.request().path());
        Optional<Upstream> node = session.flatMap(s -> view.snapshot().role(role).stream().filter(e -> e.nodeId().equals(s.nodeId())).findFirst());
        Target t = node.map(HttpProxy::target).orElse(null);
        String route = paths == SessionPaths.WHEP ? "webrtc" : "whip";
        if (t == null) {
            fail(ctx, route, null, 404, "the " + role + " that held this " + paths.kind().toUpperCase(java.util.Locale.ROOT)
                    + " session is no longer in the cluster; start a new session", System.nanoTime());
            return;
        }
        forward(ctx, route, List.of(t));
    }

    /**
     * A WHIP offer goes to the origin an RTMP publish would go to ({@link PublishRouter}: healthy, accepting work,
     * least loaded, in the publisher's node group first). The offer is read whole, so an origin that answers 5xx
     * (overloaded, leaving, its registry down) or cannot be reached is followed by the next choice. Media then flows
     * between the publisher and the origin's advertised address.
     */
    private void whipOffer(RoutingContext ctx) {
        List<Target> targets = originTargets(ctx.request());
        Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
        if (targets.isEmpty()) {
            fail(ctx, "whip", null, 503, "no origin can take a publish now; retry shortly", System.nanoTime());
        } else {
            attempt(ctx, "whip", targets, 0, targets.size(), System.nanoTime(), body);
        }
    }

    /** The origins to try for a publish, best first: up to two, as {@link PublishRouter} ranks them. */
    List<Target> originTargets(HttpServerRequest request) {
        String group = groups.groupOf(request.getHeader(ClientGroups.HEADER), request.remoteAddress().hostAddress());
        // The publishes this gateway has in flight count at once (heartbeats report a new stream up to 5 s late).
        List<Upstream> origins = new ArrayList<>(view.snapshot().role("origin").stream().filter(o -> o.address("http") != null)
                .map(o -> o.withLoad(Math.max(o.load(), view.inFlight(o).get()))).toList());
        List<Target> targets = new ArrayList<>();
        while (targets.size() < 2) {
            Optional<Upstream> next = PublishRouter.choose(origins, group, view::healthy);
            if (next.isEmpty()) {
                break;
            }
            origins.remove(next.get());
            Target t = target(next.get());
            if (t != null) {
                targets.add(t);
            }
        }
        return targets;
    }

    /** The edges to try for a stream, best first: the viewer's edge (cookie) while healthy, then the ring's choices. */
    List<Target> edgeTargets(HttpServerRequest request, String key) {
        ClusterView.Snapshot s = view.snapshot();
        String group = groups.groupOf(request.getHeader(ClientGroups.HEADER), request.remoteAddress().hostAddress());
        List<Target> targets = new ArrayList<>();
        Cookie affinity = request.getCookie(AFFINITY_COOKIE);
        if (affinity != null) {
            s.role("edge").stream().filter(e -> e.nodeId().equals(affinity.getValue()) && view.healthy(e)).findFirst()
                    .ifPresent(e -> targets.add(target(e)));
        }
        while (targets.size() < 2) {
            Optional<Upstream> next = pickEdge(s, key, group, targets);
            if (next.isEmpty()) {
                break;
            }
            targets.add(target(next.get()));
        }
        targets.removeIf(t -> t == null);
        return targets;
    }

    private Optional<Upstream> pickEdge(ClusterView.Snapshot s, String key, String group, List<Target> taken) {
        java.util.function.Predicate<Upstream> free = e -> view.healthy(e) && e.address("http") != null
                && taken.stream().noneMatch(t -> t.node() == e);
        if (group != null) {
            Optional<Upstream> inGroup = s.edgeRing().pick(key, this::edgeLoad, epsilon, e -> free.test(e) && group.equals(e.nodeGroup()));
            if (inGroup.isPresent()) {
                return inGroup;
            }
        }
        return s.edgeRing().pick(key, this::edgeLoad, epsilon, free);
    }

    /**
     * The load the ring bounds: requests this gateway has in flight to the edge. It is exact and immediate (heartbeat
     * viewer counts lag by seconds), and it is what an overloaded edge shows first: a stream's viewers stay on one
     * edge while its requests are answered quickly, and spill to the next only when they pile up there.
     */
    private long edgeLoad(Upstream e) {
        return view.inFlight(e).get();
    }

    private List<Target> registries() {
        List<Target> targets = new ArrayList<>();
        for (String url : view.registryUrls()) {
            java.net.URI u = java.net.URI.create(url);
            Upstream node = view.snapshot().role("registry").stream()
                    .filter(r -> (u.getHost() + ":" + u.getPort()).equals(r.address("http"))).findFirst().orElse(null);
            targets.add(new Target(u.getHost(), u.getPort(), node));
        }
        return targets;
    }

    private static Target target(Upstream u) {
        String address = u.address("http");
        if (address == null) {
            return null;
        }
        int colon = address.lastIndexOf(':');
        return new Target(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)), u);
    }

    private void forward(RoutingContext ctx, String route, List<Target> targets) {
        HttpServerRequest request = ctx.request();
        if (targets.isEmpty()) {
            fail(ctx, route, null, 503, "no healthy " + route + " is available; retry shortly", System.nanoTime());
            return;
        }
        boolean retriable = retriable(request.method());
        if (!retriable) {
            request.pause(); // its body is piped to the upstream once connected, never buffered here
        }
        attempt(ctx, route, targets, 0, retriable ? Math.min(2, targets.size()) : 1, System.nanoTime(), null);
    }

    /**
     * Whether a request may go to the next target when one fails: it has no body and changes nothing. OPTIONS is one:
     * a browser's CORS preflight for a WHEP offer that went only to a just-killed edge failed the offer ("Failed to fetch").
     */
    private static boolean retriable(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    }

    /** One try; {@code body} is a request body read whole (it can be sent again), or null to stream the request's. */
    private void attempt(RoutingContext ctx, String route, List<Target> targets, int index, int attempts, long started, Buffer body) {
        HttpServerRequest request = ctx.request();
        Target t = targets.get(index);
        if (t.node() != null) {
            view.inFlight(t.node()).incrementAndGet();
        }
        RequestOptions options = new RequestOptions().setMethod(request.method()).setHost(t.host()).setPort(t.port())
                .setURI(request.uri()).setTimeout(upstreamTimeout.toMillis());
        MultiMap headers = options.getHeaders() == null ? MultiMap.caseInsensitiveMultiMap() : options.getHeaders();
        request.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey())) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        String peer = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
        String forwardedFor = request.getHeader("X-Forwarded-For");
        headers.set("X-Forwarded-For", forwardedFor == null ? peer : forwardedFor + ", " + peer);
        headers.set("X-Forwarded-Proto", request.scheme());
        headers.set("X-Forwarded-Host", request.authority() == null ? "" : request.authority().toString());
        options.setHeaders(headers);
        client().request(options).compose(up -> body != null ? up.send(body)
                : (index == 0 && !retriable(request.method())) ? up.send(request) : up.send())
                .onComplete(ar -> {
            if (t.node() != null) {
                view.inFlight(t.node()).decrementAndGet();
            }
            boolean retry = index + 1 < attempts;
            if (ar.failed() || ar.result().statusCode() >= 500) {
                if (t.node() != null) {
                    if (ar.failed() && !(ar.cause() instanceof java.util.concurrent.TimeoutException)) {
                        // Refused or dropped connection: the node is gone or going; out until a health check passes.
                        view.health(t.node()).unreachable();
                    } else {
                        view.health(t.node()).failure();
                    }
                }
                if (retry) {
                    retries.increment();
                    if (ar.succeeded()) {
                        ar.result().end(); // drop the 5xx body; the next choice answers instead
                    }
                    attempt(ctx, route, targets, index + 1, attempts, started, body);
                    return;
                }
                if (ar.failed()) {
                    request.resume();
                    fail(ctx, route, t, 502, route + " " + t.name() + " unreachable: " + ar.cause().getClass().getSimpleName(), started);
                    return;
                }
            } else if (t.node() != null) {
                view.health(t.node()).success();
            }
            relay(ctx, route, t, ar.result(), started);
        });
    }

    private HttpClient client() {
        return clients.computeIfAbsent(Thread.currentThread(), thread -> vertx.createHttpClient(clientOptions));
    }

    private void relay(RoutingContext ctx, String route, Target t, HttpClientResponse up, long started) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(up.statusCode());
        up.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey())) {
                response.headers().add(h.getKey(), h.getValue());
            }
        });
        if (("edge".equals(route) || "webrtc".equals(route)) && t.node() != null) {
            // Encoded once per edge: a cookie encoder run on every response showed in the gateway's profile.
            response.headers().add(HttpHeaders.SET_COOKIE, affinityCookies.computeIfAbsent(t.node().nodeId(),
                    id -> AFFINITY_COOKIE + "=" + id + "; Max-Age=60; Path=/; HttpOnly"));
        }
        stream(up, response, () -> log(ctx, route, t, up.statusCode(), started));
    }

    /**
     * Streams the upstream body to the viewer with back-pressure. Not Vert.x's {@code pipeTo}: when a viewer went away
     * mid-body, chunks already read from the upstream still reached the pipe, which wrote them into the closed
     * response and logged an uncaught "Response has already been written" per cut-off transfer. Here a viewer that
     * goes away ends the upstream exchange, and what still arrives is dropped.
     */
    private static void stream(HttpClientResponse up, HttpServerResponse response, Runnable logged) {
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable done = () -> {
            if (once.compareAndSet(false, true)) {
                logged.run();
            }
        };
        response.closeHandler(closed -> {
            up.request().reset();
            done.run();
        });
        up.handler(chunk -> {
            if (response.closed() || response.ended()) {
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                up.pause();
                response.drainHandler(drained -> up.resume());
            }
        });
        up.exceptionHandler(failed -> {
            if (!response.closed() && !response.ended()) {
                response.reset(); // the body is cut: the viewer must not take a short body as whole
            }
            done.run();
        });
        up.endHandler(end -> {
            if (!response.closed() && !response.ended()) {
                response.end();
                done.run();
            }
        });
    }

    private void fail(RoutingContext ctx, String route, Target t, int status, String message, long started) {
        if (!ctx.response().headWritten()) {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader("Cache-Control", "no-store").end(Json.write(Result.error(message)));
        }
        log(ctx, route, t, status, started);
    }

    /** One access-log line per request: client, method and path, route, upstream, status, bytes, milliseconds. */
    private void log(RoutingContext ctx, String route, Target t, int status, long started) {
        long ms = (System.nanoTime() - started) / 1_000_000;
        String upstream = t == null ? "none" : t.name();
        timers.computeIfAbsent(route + "|" + upstream + "|" + status / 100, k -> Timer.builder("braid_gateway_requests")
                .tag("route", route).tag("upstream", upstream).tag("status", status / 100 + "xx").register(metrics))
                .record(ms, TimeUnit.MILLISECONDS);
        if ("edge".equals(route) && status < 400 && accessLog != PlayAccessLog.ALL) {
            return;
        }
        ACCESS.infof("%s \"%s %s\" %s %s %d %d %dms", ctx.request().remoteAddress() == null ? "-" : ctx.request().remoteAddress().hostAddress(),
                ctx.request().method(), ctx.request().uri(), route, t == null ? "-" : t.name(), status, ctx.response().bytesWritten(), ms);
    }
}
