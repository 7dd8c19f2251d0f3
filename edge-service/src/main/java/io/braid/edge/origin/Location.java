package io.braid.edge.origin;

/** Where a stream's HLS objects come from, as far as this edge knows. */
public sealed interface Location {
    /** Live on an ALIVE origin whose HTTP answers at {@code baseUrl}. */
    record Live(String baseUrl, String nodeId) implements Location {
    }

    /** No live broadcast by that name (never created, finished, or unknown app). */
    record NotLive(String reason) implements Location {
    }

    /** Live according to its record, but its origin is DEAD: viewers should retry, or be sent elsewhere. */
    record OriginDown(String nodeId) implements Location {
    }
}
