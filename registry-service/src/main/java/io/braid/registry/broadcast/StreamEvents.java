package io.braid.registry.broadcast;

import io.braid.core.broadcast.Broadcast;
import io.braid.core.event.EventIds;
import io.braid.core.event.StreamEvent;
import io.braid.core.event.Topics;
import io.braid.agent.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Broadcast lifecycle events on braid.stream.events, keyed app/streamId so each stream's events stay in order. */
@ApplicationScoped
public class StreamEvents {
    @Inject
    EventPublisher publisher;

    public void publish(String type, String app, Broadcast b) {
        publisher.publish(Topics.STREAM_EVENTS, Topics.streamKey(app, b.streamId), new StreamEvent(type, StreamEvent.VERSION,
                EventIds.next(), System.currentTimeMillis(), app, b.streamId, b.status, b.originAdress, b.originNodeId, b.publishType));
    }

    public void publishDeleted(String app, String streamId) {
        Broadcast b = new Broadcast();
        b.streamId = streamId;
        publish(StreamEvent.STREAM_DELETED, app, b);
    }
}
