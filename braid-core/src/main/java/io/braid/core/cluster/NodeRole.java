package io.braid.core.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a node does in the cluster; one role per node (a node is never both origin and edge). */
public enum NodeRole {
    ORIGIN, EDGE, TRANSCODER, REGISTRY, GATEWAY;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static NodeRole parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("role is required (one of origin, edge, transcoder, registry, gateway)");
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + text + "' (one of origin, edge, transcoder, registry, gateway)");
        }
    }
}
