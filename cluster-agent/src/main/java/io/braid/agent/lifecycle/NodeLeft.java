package io.braid.agent.lifecycle;

import io.braid.core.event.HeartbeatEvent;

/**
 * Fired (synchronously, as a CDI event) once the node has sent its last heartbeat, the one whose state is
 * {@code left}. A registry records its own with it: by the time it would read that heartbeat from Kafka its consumer
 * may be gone.
 */
public record NodeLeft(HeartbeatEvent lastHeartbeat) {
}
