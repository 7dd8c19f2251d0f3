package io.braid.edge.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.agent.ClusterAgent;
import io.braid.agent.events.TopicFollower;
import io.braid.core.event.Topics;
import io.braid.core.hls.HlsFile;
import io.braid.core.json.Json;
import io.braid.edge.origin.OriginLocator;
import io.braid.edge.viewer.EdgeViewers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Follows stream and segment events so the edge's view stays current without polling: a publish start or stop makes
 * it look the stream's origin up again, and a new segment makes the cached playlist stale at once, or, for a stream
 * watched in the last 30 s, is prefetched with the new playlist. Every edge reads
 * every event (its own consumer group), from the latest: old events describe a past the registry already knows.
 */
@ApplicationScoped
public class EdgeEvents {
    private static final Logger LOG = Logger.getLogger(EdgeEvents.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    ClusterAgent agent;
    @Inject
    OriginLocator locator;
    @Inject
    EdgeContent content;
    @Inject
    EdgeViewers viewers;

    private TopicFollower follower;

    /** After the cluster agent (default priority), whose node id names this edge's consumer group. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        follower = TopicFollower.start(bootstrap, "braid-edge-" + agent.self().nodeId(), List.of(Topics.STREAM_EVENTS, Topics.MEDIA_SEGMENTS),
                "braid-edge-events", records -> records.forEach(r -> apply(r.value())));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (follower != null) {
            follower.close();
        }
    }

    private void apply(String value) {
        try {
            JsonNode e = Json.read(value, JsonNode.class);
            String app = e.path("app").asText();
            String streamId = e.path("streamId").asText();
            if (HlsFile.parse(streamId + ".m3u8").isEmpty() || !HlsFile.isAppName(app)) {
                return;
            }
            if ("segment_ready".equals(e.path("type").asText())) {
                if (viewers.sessions().watched(app, HlsFile.sourceOf(streamId))) {
                    content.refresh(app, streamId);
                } else {
                    content.invalidatePlaylist(app, streamId);
                }
            } else {
                locator.forget(app, streamId);
                content.invalidatePlaylist(app, streamId);
            }
        } catch (RuntimeException bad) {
            LOG.debugf("ignored an unreadable event: %s", bad.getMessage());
        }
    }
}
