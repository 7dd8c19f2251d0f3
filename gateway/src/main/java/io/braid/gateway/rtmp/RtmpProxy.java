package io.braid.gateway.rtmp;

import io.braid.gateway.cluster.ClusterView;
import io.braid.gateway.cluster.NodeGroupConfig;
import io.braid.gateway.route.ClientGroups;
import io.braid.gateway.route.PublishRouter;
import io.braid.gateway.route.Upstream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * RTMP on the gateway: each TCP connection is relayed byte for byte to the origin {@link PublishRouter} chooses (the
 * least loaded one that accepts work, in the client's node group first), so encoders need one address. No origin can
 * take it → the connection is held for up to {@code braid.gateway.publish-wait} (3 s) for one to appear, then closed,
 * and the encoder's retry comes back soon. The gateway does not parse
 * RTMP: the origin applies every publishing rule and answers the client itself.
 */
@ApplicationScoped
public class RtmpProxy {
    private static final Logger LOG = Logger.getLogger(RtmpProxy.class);

    @ConfigProperty(name = "braid.gateway.rtmp-port", defaultValue = "1935")
    int port;
    @ConfigProperty(name = "braid.gateway.rtmp-host", defaultValue = "0.0.0.0")
    String host;
    @ConfigProperty(name = "braid.gateway.publish-wait", defaultValue = "3s")
    Duration publishWait;
    @Inject
    NodeGroupConfig nodeGroups;
    @Inject
    Vertx vertx;
    @Inject
    ClusterView view;
    @Inject
    MeterRegistry metrics;

    private NetServer server;
    private NetClient client;
    private ClientGroups groups;
    private Counter refused;
    private Counter held;
    private static final long RECHECK_MS = 100;

    void onStart(@Observes StartupEvent event) {
        groups = nodeGroups.groups();
        refused = metrics.counter("braid_gateway_rtmp_refused_total");
        held = metrics.counter("braid_gateway_rtmp_held_total");
        client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000).setTcpNoDelay(true));
        server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)).connectHandler(this::accept);
        server.listen().toCompletionStage().toCompletableFuture().join();
        LOG.infof("RTMP proxy listening on %s:%d", host, port);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().completeOnTimeout(null, 3, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }

    private void accept(NetSocket socket) {
        socket.pause();
        String address = socket.remoteAddress() == null ? null : socket.remoteAddress().hostAddress();
        AtomicBoolean gone = new AtomicBoolean();
        socket.closeHandler(v -> gone.set(true));
        route(socket, address, gone, System.nanoTime() + publishWait.toNanos(), true);
    }

    /**
     * Relays to the origin chosen now, or, while none can take the publish, asks again every
     * {@value #RECHECK_MS} ms until {@code braid.gateway.publish-wait} has passed: the view may be a moment behind (an
     * origin just started or just recovered), and a held connection costs the encoder less than a refused one, which
     * most retry only after seconds. The client's bytes wait in the paused socket.
     */
    private void route(NetSocket socket, String address, AtomicBoolean gone, long deadlineNanos, boolean first) {
        if (gone.get()) {
            return; // the encoder gave up while held
        }
        // Heartbeats report a new stream up to 5 s late: the connections this gateway holds count at once.
        Optional<Upstream> origin = PublishRouter.choose(view.snapshot().role("origin").stream().filter(o -> o.address("rtmp") != null)
                .map(o -> o.withLoad(Math.max(o.load(), view.inFlight(o).get()))).toList(), groups.groupOf(null, address), view::healthy);
        if (origin.isEmpty()) {
            if (System.nanoTime() < deadlineNanos) {
                if (first) {
                    view.refreshSoon();
                    held.increment();
                }
                vertx.setTimer(RECHECK_MS, t -> route(socket, address, gone, deadlineNanos, false));
                return;
            }
            refused.increment();
            LOG.infof("RTMP from %s refused: no origin can accept work (waited %d ms)", address, publishWait.toMillis());
            socket.close();
            return;
        }
        relay(socket, address, origin.get());
    }

    private void relay(NetSocket socket, String address, Upstream o) {
        String target = o.address("rtmp");
        int colon = target.lastIndexOf(':');
        view.inFlight(o).incrementAndGet();
        client.connect(Integer.parseInt(target.substring(colon + 1)), target.substring(0, colon)).onComplete(ar -> {
            if (ar.failed()) {
                view.inFlight(o).decrementAndGet();
                view.health(o).failure();
                LOG.infof("RTMP from %s: origin %s unreachable (%s)", address, o.nodeId(), ar.cause().getMessage());
                socket.close();
                return;
            }
            NetSocket up = ar.result();
            up.closeHandler(v -> {
                view.inFlight(o).decrementAndGet();
                socket.close();
            });
            socket.closeHandler(v -> up.close());
            socket.pipeTo(up);
            up.pipeTo(socket);
            LOG.debugf("RTMP from %s relayed to origin %s (%s)", address, o.nodeId(), target);
        });
    }

}
