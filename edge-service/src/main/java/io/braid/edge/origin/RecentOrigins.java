package io.braid.edge.origin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The origin each stream was last found live on, so the end of a stream stays servable: a stream that is not live
 * any more but was live within the grace period is still fetched from that origin, which keeps the ended playlist
 * (with ENDLIST) for a while and answers 404 after. The registry may have dropped the broadcast the moment the
 * publish ended (Ant Media drops implicitly created ones), and players still reading should get the end of the
 * stream, not a 404 halfway. Bounded: past {@code maxEntries} the expired ones are dropped.
 */
final class RecentOrigins {
    private record Seen(Location.Live location, long at) {
    }

    private final long graceMs;
    private final int maxEntries;
    private final LongSupplier clock;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    RecentOrigins(long graceMs, int maxEntries, LongSupplier clock) {
        this.graceMs = graceMs;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** @return what a lookup found, or for a stream no longer live, the origin it was live on within the grace period */
    Location remember(String streamKey, Location found) {
        long now = clock.getAsLong();
        if (found instanceof Location.Live live) {
            seen.put(streamKey, new Seen(live, now));
            if (seen.size() > maxEntries) {
                seen.values().removeIf(s -> now - s.at() > graceMs);
            }
            return found;
        }
        Seen last = seen.get(streamKey);
        return found instanceof Location.NotLive && last != null && now - last.at() <= graceMs ? last.location() : found;
    }

    int size() {
        return seen.size();
    }
}
