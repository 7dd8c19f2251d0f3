package io.braid.ingest.stream;

import io.braid.agent.ClusterAgent;
import io.braid.agent.events.EventPublisher;
import io.braid.core.event.EventIds;
import io.braid.core.event.SegmentReadyEvent;
import io.braid.core.event.Topics;
import io.braid.media.hls.HlsSegment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Announces each new segment on {@link Topics#MEDIA_SEGMENTS} so edges can prefetch it. */
@ApplicationScoped
public class SegmentEvents {
    @Inject
    EventPublisher publisher;
    @Inject
    ClusterAgent agent;

    public void segmentReady(String app, String streamId, HlsSegment segment) {
        String base = "/" + app + "/streams/";
        publisher.publish(Topics.MEDIA_SEGMENTS, Topics.streamKey(app, streamId), new SegmentReadyEvent(SegmentReadyEvent.TYPE,
                SegmentReadyEvent.VERSION, EventIds.next(), System.currentTimeMillis(), app, streamId, SegmentReadyEvent.SOURCE,
                segment.sequence(), segment.durationSeconds(), segment.data().length, segment.programDateTimeMs(),
                base + segment.name(), base + streamId + ".m3u8", agent.self().nodeId(), agent.self().ip(),
                agent.self().ports().getOrDefault("http", 0)));
    }
}
