package io.braid.core.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a node is in its own life, as it reports it in its heartbeat: serving, leaving (asked to stop: not ready,
 * no new work, finishing what it holds) or left (its last heartbeat). A planned leave is told apart from a crash this
 * way: a node that leaves is removed from the cluster and never read as DEAD; one that stops sending heartbeats is.
 */
public enum NodeState {
    SERVING, LEAVING, LEFT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A heartbeat without a state (from a node older than this field) is a serving node's. */
    @JsonCreator
    public static NodeState parse(String text) {
        if (text == null || text.isBlank()) {
            return SERVING;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown node state '" + text + "' (serving, leaving or left)");
        }
    }

    public static NodeState orServing(NodeState state) {
        return state == null ? SERVING : state;
    }
}
