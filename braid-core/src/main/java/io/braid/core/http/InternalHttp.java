package io.braid.core.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The HTTP client services use to call each other (origin lookups, segment fetches, publish reports). It speaks
 * HTTP/1.1 with keep-alive on purpose: over plain HTTP the JDK client would otherwise try an h2c upgrade on each
 * new connection, which costs a round trip and, with many concurrent requests to one host, failed in CI with an
 * HTTP/2 framing error. Responses complete on virtual threads so slow peers never tie up platform threads.
 */
public final class InternalHttp {
    private InternalHttp() {
    }

    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }
}
