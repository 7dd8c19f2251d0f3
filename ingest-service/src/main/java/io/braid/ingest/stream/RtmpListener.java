package io.braid.ingest.stream;

import io.braid.rtmp.RtmpLimits;
import io.braid.rtmp.RtmpServer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Starts the RTMP server with the service and stops it (ending every publish, which reports it) at the drain or shutdown. */
@ApplicationScoped
public class RtmpListener {
    @ConfigProperty(name = "braid.rtmp.host", defaultValue = "0.0.0.0")
    String host;
    @ConfigProperty(name = "braid.rtmp.port", defaultValue = "1935")
    int port;
    @ConfigProperty(name = "braid.rtmp.max-connections", defaultValue = "1000")
    int maxConnections;
    @ConfigProperty(name = "braid.rtmp.max-message-size", defaultValue = "8388608")
    int maxMessageSize;
    @ConfigProperty(name = "braid.rtmp.handshake-timeout", defaultValue = "5s")
    Duration handshakeTimeout;
    @ConfigProperty(name = "braid.rtmp.idle-timeout", defaultValue = "30s")
    Duration idleTimeout;
    @ConfigProperty(name = "braid.rtmp.threads", defaultValue = "0")
    int threads;

    @Inject
    OriginRtmpHost rtmpHost;

    private RtmpServer server;

    void onStart(@Observes StartupEvent event) throws InterruptedException {
        RtmpLimits limits = new RtmpLimits(RtmpLimits.DEFAULTS.maxChunkSize(), maxMessageSize, RtmpLimits.DEFAULTS.maxChunkStreams(),
                maxConnections, handshakeTimeout, idleTimeout);
        server = RtmpServer.start(host, port, limits, rtmpHost, threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Closes the listener and every connection (each publish reports its end); a second call does nothing. */
    public synchronized void stop() {
        if (server != null) {
            server.close(); // every publisher's connection closes, and each stream reports its end
            server = null;
            rtmpHost.awaitStopReports(Duration.ofSeconds(3));
        }
    }
}
