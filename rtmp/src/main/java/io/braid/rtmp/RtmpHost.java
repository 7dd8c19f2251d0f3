package io.braid.rtmp;

import java.util.concurrent.CompletionStage;

/**
 * What the server asks of the service it runs in: may this publish or play go ahead? Decisions may take time
 * (a registry round trip), so they are asynchronous; the session waits for them without blocking its event loop.
 */
public interface RtmpHost {

    CompletionStage<PublishDecision> publish(StreamRequest request);

    CompletionStage<PlayDecision> play(StreamRequest request, RtmpPlayer player);

    /** Receives what a publisher sends once accepted: metadata and media messages, on the connection's thread. */
    interface PublishSink {
        void message(RtmpMessage message);

        /** The publisher has stopped (unpublish, disconnect or protocol error); called once. */
        void closed(String reason);
    }

    sealed interface PublishDecision {
        record Accepted(PublishSink sink) implements PublishDecision {
        }

        /** @param code e.g. NetStream.Publish.BadName or NetStream.Publish.Rejected */
        record Rejected(String code, String description) implements PublishDecision {
        }
    }

    sealed interface PlayDecision {
        record Accepted(Runnable onStop) implements PlayDecision {
        }

        record Rejected(String code, String description) implements PlayDecision {
        }
    }
}
