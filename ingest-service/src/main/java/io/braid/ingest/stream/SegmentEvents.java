package io.braid.ingest.stream;

import io.braid.agent.ClusterAgent;
import io.braid.agent.events.EventPublisher;
import io.braid.core.event.EventIds;
import io.braid.core.event.SegmentReadyEvent;
import io.braid.core.event.Topics;
import io.braid.media.hls.HlsSegment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Announces each new segment on {@link Topics#MEDIA_SEGMENTS} so edges can prefetch it. Called on the publisher's
 * event loop, it only queues the event: it goes out with the other streams' within 200 ms (the event's {@code time}
 * is still when the segment was ready).
 */
@ApplicationScoped
public class SegmentEvents {
    @Inject
    EventPublisher publisher;
    @Inject
    ClusterAgent agent;

    /**
     * @param source for a rendition, the stream it is made from (the event is keyed by it, so a stream's and its
     *               renditions' events stay in order on one partition); null for a published stream
     */
    public void segmentReady(String app, String streamId, String source, HlsSegment segment) {
        String base = "/" + app + "/streams/";
        String rendition = source == null ? SegmentReadyEvent.SOURCE : streamId.substring(source.length() + 1);
        publisher.publishSoon(Topics.MEDIA_SEGMENTS, Topics.streamKey(app, source == null ? streamId : source), new SegmentReadyEvent(SegmentReadyEvent.TYPE,
                SegmentReadyEvent.VERSION, EventIds.next(), System.currentTimeMillis(), app, streamId, rendition,
                segment.sequence(), segment.durationSeconds(), segment.data().length(), segment.programDateTimeMs(),
                base + segment.name(), base + streamId + ".m3u8", agent.self().nodeId(), agent.self().ip(),
                agent.self().ports().getOrDefault("http", 0)));
    }
}
