package io.braid.edge.origin;

import io.braid.edge.cache.CachedObject;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fetches one HLS object from an origin, with a timeout, and turns every failure into a {@link FetchFailure} that
 * says what the viewer should get: 404 (the origin does not have it), 502 (it answered badly or not at all) or 504
 * (it was too slow).
 */
@ApplicationScoped
public class OriginFetcher {
    /** Why an object could not be fetched, with the HTTP status the viewer gets. */
    public static final class FetchFailure extends RuntimeException {
        private final int status;

        public FetchFailure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    @ConfigProperty(name = "braid.edge.origin-timeout", defaultValue = "3s")
    Duration timeout;
    @ConfigProperty(name = "braid.edge.playlist-ttl", defaultValue = "1s")
    Duration playlistTtl;
    @Inject
    MeterRegistry metrics;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private Timer fetchTime;

    @PostConstruct
    void init() {
        fetchTime = Timer.builder("braid_edge_origin_fetch").description("origin fetch latency").register(metrics);
    }

    public CompletableFuture<CachedObject> fetch(String baseUrl, String path, boolean playlist) {
        long started = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((r, error) -> {
            fetchTime.record(Duration.ofNanos(System.nanoTime() - started));
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
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
