package io.braid.ingest.stream;

import io.braid.agent.lifecycle.NodeDrain;
import io.braid.ingest.srt.SrtIngest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * An origin that leaves keeps its publishers for {@code braid.origin.drain-deadline}, as a publisher that ends by
 * itself in that time loses nothing; then it closes the rest. RTMP, SRT and WHIP encoders cannot be moved while connected,
 * but closed they reconnect (OBS does by itself) through the gateway, which no longer sends anything here, and the
 * registry lets another origin claim a stream whose holder is leaving. New publishes are refused from the start of
 * the leave ({@code nodeLeaving}).
 */
@ApplicationScoped
public class OriginDrain implements NodeDrain {
    private static final Logger LOG = Logger.getLogger(OriginDrain.class);
    private static final long POLL_MS = 200;

    @ConfigProperty(name = "braid.origin.drain-deadline", defaultValue = "30s")
    Duration deadline;
    @Inject
    LiveStreams streams;
    @Inject
    RtmpListener rtmp;
    @Inject
    SrtIngest srt;
    @Inject
    io.braid.ingest.whip.OriginWebRtc whip;

    @Override
    public void drain() {
        long until = System.currentTimeMillis() + deadline.toMillis();
        long publishers = publishers();
        if (publishers > 0) {
            LOG.infof("draining: %d publishers may go on for up to %d s", publishers, deadline.toSeconds());
        }
        while (publishers > 0 && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            publishers = publishers();
        }
        if (publishers > 0) {
            LOG.infof("drain deadline reached: closing %d publishers so they reconnect to another origin", publishers);
        }
        srt.stop();
        whip.stop();
        rtmp.stop();
    }

    /** Streams published here by encoders (renditions are the transcoders', and end with their source). */
    private long publishers() {
        return streams.all().stream().filter(s -> !s.isRendition()).count();
    }
}
