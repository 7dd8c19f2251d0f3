package io.braid.edge.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The edge's pull-through cache. Misses for one key that overlap share a single load (request coalescing), so N
 * viewers asking for a segment the edge does not have yet cost the origin one request. Objects are kept in least-
 * recently-used order within a byte budget; an object larger than a quarter of the budget is served but not kept.
 * Failed loads are not cached: the next request tries again.
 */
public final class ObjectCache {
    private final long budgetBytes;
    private final LongSupplier clock;
    private final Map<String, CachedObject> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final Map<String, CompletableFuture<CachedObject>> loading = new ConcurrentHashMap<>();
    private long bytes;
    private long hits;
    private long misses;

    public ObjectCache(long budgetBytes, LongSupplier clock) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("cache budget must be positive");
        }
        this.budgetBytes = budgetBytes;
        this.clock = clock;
    }

    /** A viewer's look-up: the object, and whether it was a fresh cached one (a hit) or had to wait for a load. */
    public record Lookup(CompletableFuture<CachedObject> object, boolean hit) {
    }

    /** A viewer request, counted as a hit or a miss: the fresh cached object, else as {@link #get}. */
    public Lookup lookup(String key, Supplier<CompletableFuture<CachedObject>> loader) {
        CachedObject cached = fresh(key, true);
        return cached != null ? new Lookup(CompletableFuture.completedFuture(cached), true) : new Lookup(load(key, loader), false);
    }

    /** The fresh cached object, or the one load in flight for the key, or a new load; not counted (e.g. a prefetch). */
    public CompletableFuture<CachedObject> get(String key, Supplier<CompletableFuture<CachedObject>> loader) {
        CachedObject cached = fresh(key, false);
        return cached != null ? CompletableFuture.completedFuture(cached) : load(key, loader);
    }

    private CompletableFuture<CachedObject> load(String key, Supplier<CompletableFuture<CachedObject>> loader) {
        CachedObject cached;
        CompletableFuture<CachedObject> mine = new CompletableFuture<>();
        CompletableFuture<CachedObject> existing = loading.putIfAbsent(key, mine);
        if (existing != null) {
            return existing;
        }
        cached = fresh(key, false); // a load may have finished between the first look and the reservation
        if (cached != null) {
            loading.remove(key, mine);
            mine.complete(cached);
            return mine;
        }
        CompletableFuture<CachedObject> load;
        try {
            load = loader.get();
        } catch (RuntimeException e) {
            load = CompletableFuture.failedFuture(e);
        }
        load.whenComplete((object, error) -> {
            if (error == null && object != null) {
                put(key, object);
            }
            loading.remove(key, mine);
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(object);
            }
        });
        return mine;
    }

    /** Forgets a key, e.g. a playlist that a segment_ready event says has changed. */
    public synchronized void invalidate(String key) {
        CachedObject removed = entries.remove(key);
        if (removed != null) {
            bytes -= removed.size();
        }
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    /** @param count whether this look is a request's (counted as a hit or a miss) or a re-check of one */
    private synchronized CachedObject fresh(String key, boolean count) {
        CachedObject o = entries.get(key);
        boolean hit = o != null && o.freshAt(clock.getAsLong());
        if (count) {
            if (hit) {
                hits++;
            } else {
                misses++;
            }
        }
        return hit ? o : null;
    }

    private synchronized void put(String key, CachedObject object) {
        invalidate(key);
        if (object.size() > budgetBytes / 4) {
            return;
        }
        entries.put(key, object);
        bytes += object.size();
        Iterator<CachedObject> eldest = entries.values().iterator();
        while (bytes > budgetBytes && eldest.hasNext()) {
            bytes -= eldest.next().size();
            eldest.remove();
        }
    }
}
