package io.braid.edge.origin;

import io.braid.core.http.InternalHttp;
import io.braid.edge.cache.CachedObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Fetches one HLS object from an origin, with a timeout, one quick retry when the connection could not be made,
 * and a circuit breaker per origin (SmallRye Fault Tolerance): once half of the last 10 fetches from an origin
 * failed, viewers get an immediate 502 for {@code braid.edge.breaker-delay} instead of each waiting on a sick
 * origin, then a trial fetch decides. Every failure becomes a {@link FetchFailure} saying what the viewer gets:
 * 404 (the origin does not have it), 502 (it answered badly or not at all) or 504 (it was too slow).
 */
@ApplicationScoped
public class OriginFetcher {
    private static final Logger LOG = Logger.getLogger(OriginFetcher.class);

    /** Why an object could not be fetched, with the HTTP status the viewer gets. */
    public static final class FetchFailure extends RuntimeException {
        private final int status;
        private final boolean connectFailed;

        public FetchFailure(int status, String message) {
            this(status, message, false);
        }

        FetchFailure(int status, String message, boolean connectFailed) {
            super(message, null, false, false);
            this.status = status;
            this.connectFailed = connectFailed;
        }

        public int status() {
            return status;
        }

        /** The origin could not be reached at all: the only failure worth an immediate retry. */
        boolean connectFailed() {
            return connectFailed;
        }

        /** A failure of the origin (not a missing object): counts against its circuit breaker. */
        boolean originFault() {
            return status >= 500;
        }
    }

    @ConfigProperty(name = "braid.edge.origin-timeout", defaultValue = "3s")
    Duration timeout;
    @ConfigProperty(name = "braid.edge.playlist-ttl", defaultValue = "1s")
    Duration playlistTtl;
    @ConfigProperty(name = "braid.edge.breaker-delay", defaultValue = "5s")
    Duration breakerDelay;
    @Inject
    MeterRegistry metrics;

    private final HttpClient http = InternalHttp.client(Duration.ofSeconds(2));
    private final Map<String, TypedGuard<CompletionStage<CachedObject>>> guards = new ConcurrentHashMap<>();
    private Timer fetchTime;
    private Counter breakerOpened;

    @PostConstruct
    void init() {
        fetchTime = Timer.builder("braid_edge_origin_fetch").description("origin fetch latency").publishPercentileHistogram().register(metrics);
        breakerOpened = metrics.counter("braid_edge_origin_breaker_opened_total");
    }

    public CompletableFuture<CachedObject> fetch(String baseUrl, String path, boolean playlist) {
        try {
            return guard(baseUrl).get(() -> once(baseUrl, path, playlist)).toCompletableFuture()
                    .exceptionallyCompose(error -> CompletableFuture.failedFuture(viewerFacing(baseUrl, error)));
        } catch (CircuitBreakerOpenException open) {
            return CompletableFuture.failedFuture(viewerFacing(baseUrl, open));
        }
    }

    /** The failure itself rather than the CompletionException a future stage wraps it in. */
    public static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static Throwable viewerFacing(String baseUrl, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof CircuitBreakerOpenException) {
            return new FetchFailure(502, "origin " + baseUrl + " is failing; not asking it again for a few seconds");
        }
        return cause;
    }

    private TypedGuard<CompletionStage<CachedObject>> guard(String baseUrl) {
        return guards.computeIfAbsent(baseUrl, url -> TypedGuard.create(new TypeLiteral<CompletionStage<CachedObject>>() {
                })
                .withDescription("origin " + url)
                .withRetry().maxRetries(1).delay(50, ChronoUnit.MILLIS).jitter(0, ChronoUnit.MILLIS)
                .whenException(e -> unwrap(e) instanceof FetchFailure f && f.connectFailed()).done()
                .withCircuitBreaker().requestVolumeThreshold(10).failureRatio(0.5).delay(breakerDelay.toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1).when(e -> unwrap(e) instanceof FetchFailure f && f.originFault())
                .onStateChange(state -> {
                    if (state == CircuitBreakerState.OPEN) {
                        breakerOpened.increment();
                        LOG.warnf("origin %s: circuit opened after repeated failures; viewers get 502 for %d ms", url, breakerDelay.toMillis());
                    } else if (state == CircuitBreakerState.CLOSED) {
                        LOG.infof("origin %s: circuit closed, fetching again", url);
                    }
                }).done()
                .build());
    }

    private CompletableFuture<CachedObject> once(String baseUrl, String path, boolean playlist) {
        long started = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((r, error) -> {
            fetchTime.record(Duration.ofNanos(System.nanoTime() - started));
            if (error != null) {
                Throwable cause = unwrap(error);
                if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
                    throw new FetchFailure(502, "origin " + baseUrl + " unreachable: " + cause.getClass().getSimpleName(), true);
                }
                throw cause instanceof HttpTimeoutException
                        ? new FetchFailure(504, "origin " + baseUrl + " did not answer within " + timeout.toMillis() + " ms")
                        : new FetchFailure(502, "origin " + baseUrl + " unreachable: " + cause.getClass().getSimpleName());
            }
            if (r.statusCode() == 404) {
                throw new FetchFailure(404, path + " is not (or no longer) on its origin");
            }
            if (r.statusCode() != 200) {
                throw new FetchFailure(502, "origin " + baseUrl + " answered " + r.statusCode() + " for " + path);
            }
            long now = System.currentTimeMillis();
            return CachedObject.of(r.body(), r.headers().firstValue("Content-Type").orElse("application/octet-stream"), now,
                    playlist ? now + playlistTtl.toMillis() : Long.MAX_VALUE);
        });
    }
}
