package io.braid.gateway.cluster;

import io.braid.core.http.InternalHttp;
import io.braid.gateway.route.Upstream;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Asks every upstream's {@code /q/health/ready} each {@code braid.gateway.health-interval} (2 s): a failing one leaves
 * rotation at once, and comes back at its first passing check. Checks run concurrently, each bounded by a timeout
 * shorter than the interval, so one hung node never delays the others' checks.
 */
@ApplicationScoped
public class ActiveHealthChecks {
    private static final Logger LOG = Logger.getLogger(ActiveHealthChecks.class);

    @ConfigProperty(name = "braid.gateway.health-interval", defaultValue = "2s")
    Duration interval;
    @Inject
    ClusterView view;

    private final HttpClient http = InternalHttp.client(Duration.ofSeconds(1));
    private ScheduledExecutorService scheduler;

    void onStart(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("braid-health-checks").factory());
        scheduler.scheduleWithFixedDelay(this::checkAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void checkAll() {
        for (List<Upstream> role : view.snapshot().byRole().values()) {
            for (Upstream u : role) {
                String address = u.address("http");
                if (address == null) {
                    continue;
                }
                long timeoutMs = Math.max(200, interval.toMillis() * 3 / 4);
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + "/q/health/ready"))
                        .timeout(Duration.ofMillis(timeoutMs)).GET().build();
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, error) -> {
                    boolean ok = error == null && r.statusCode() == 200;
                    boolean was = view.healthy(u);
                    view.health(u).checked(ok);
                    if (was && !ok) {
                        LOG.warnf("%s %s failed its health check (%s): out of rotation", u.role(), u.nodeId(),
                                error != null ? error.getClass().getSimpleName() : "status " + r.statusCode());
                    } else if (!was && ok) {
                        LOG.infof("%s %s passes its health check again", u.role(), u.nodeId());
                    }
                });
            }
        }
    }
}
