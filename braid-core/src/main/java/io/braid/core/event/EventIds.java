package io.braid.core.event;

import java.util.UUID;

/** Event ids are random UUIDs so consumers can de-duplicate replays. */
public final class EventIds {
    private EventIds() {
    }

    public static String next() {
        return UUID.randomUUID().toString();
    }
}
