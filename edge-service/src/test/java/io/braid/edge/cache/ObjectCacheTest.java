package io.braid.edge.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ObjectCacheTest {
    static CachedObject object(int size, long freshUntil) {
        return CachedObject.of(new byte[size], "video/mp2t", 0, freshUntil);
    }

    @Test
    void derivedValuesAreMadeOncePerKind() {
        CachedObject o = CachedObject.of("#EXTM3U\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/vnd.apple.mpegurl", 1, 2);
        AtomicInteger made = new AtomicInteger();
        assertEquals("#EXTM3U\n", o.derived(String.class, c -> { made.incrementAndGet(); return c.text(); }));
        assertEquals("#EXTM3U\n", o.derived(String.class, c -> { made.incrementAndGet(); return "again"; }));
        assertEquals(8, o.derived(Integer.class, c -> { made.incrementAndGet(); return c.size(); }), "another kind is made for itself");
        assertEquals(8, o.derived(Integer.class, c -> { made.incrementAndGet(); return -1; }));
        assertEquals(2, made.get());
    }

    @Test
    void concurrentMissesShareOneLoad() throws Exception {
        ObjectCache cache = new ObjectCache(1 << 20, System::currentTimeMillis);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<CachedObject> slowOrigin = new CompletableFuture<>();
        List<CompletableFuture<CachedObject>> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(32)) {
            List<java.util.concurrent.Future<CompletableFuture<CachedObject>>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    ObjectCache.Lookup lookup = cache.lookup("LiveApp/s000000001.ts", () -> {
                        loads.incrementAndGet();
                        return slowOrigin;
                    });
                    assertFalse(lookup.hit());
                    return lookup.object();
                }));
            }
            start.countDown();
            for (var c : calls) {
                answers.add(c.get(5, TimeUnit.SECONDS));
            }
        }
        slowOrigin.complete(CachedObject.of(new byte[] {1, 2, 3}, "video/mp2t", 0, Long.MAX_VALUE));
        for (CompletableFuture<CachedObject> a : answers) {
            assertArrayEquals(new byte[] {1, 2, 3}, a.get(1, TimeUnit.SECONDS).bytes());
        }
        assertEquals(1, loads.get(), "200 concurrent misses, one origin request");
        ObjectCache.Lookup again = cache.lookup("LiveApp/s000000001.ts", () -> {
            loads.incrementAndGet();
            return slowOrigin;
        });
        assertTrue(again.hit());
        again.object().get();
        assertEquals(1, loads.get(), "then a hit");
        assertEquals(1, cache.hits());
        assertEquals(200, cache.misses());
    }

    @Test
    void staleObjectsAreLoadedAgainAndFailuresAreNotCached() throws Exception {
        AtomicLong now = new AtomicLong(1000);
        ObjectCache cache = new ObjectCache(1 << 20, now::get);
        AtomicInteger loads = new AtomicInteger();
        cache.get("p.m3u8", () -> {
            loads.incrementAndGet();
            return CompletableFuture.completedFuture(object(10, 2000));
        }).get();
        cache.get("p.m3u8", () -> CompletableFuture.failedFuture(new AssertionError("fresh: no load"))).get();
        now.set(2000);
        assertThrows(ExecutionException.class, () -> cache.get("p.m3u8", () -> CompletableFuture.failedFuture(new IllegalStateException("origin down"))).get());
        cache.get("p.m3u8", () -> {
            loads.incrementAndGet();
            return CompletableFuture.completedFuture(object(10, 3000));
        }).get();
        assertEquals(2, loads.get());
    }

    @Test
    void keepsWithinItsByteBudgetInLeastRecentlyUsedOrder() throws Exception {
        ObjectCache cache = new ObjectCache(1000, System::currentTimeMillis);
        for (String key : new String[] {"a", "b", "c", "d"}) {
            cache.get(key, () -> CompletableFuture.completedFuture(object(250, Long.MAX_VALUE))).get();
        }
        cache.get("a", () -> CompletableFuture.failedFuture(new AssertionError("a is cached"))).get(); // a is now recent
        cache.get("e", () -> CompletableFuture.completedFuture(object(250, Long.MAX_VALUE))).get();
        assertEquals(1000, cache.bytes());
        assertEquals(4, cache.size());
        AtomicInteger reloads = new AtomicInteger();
        cache.get("b", () -> {
            reloads.incrementAndGet();
            return CompletableFuture.completedFuture(object(250, Long.MAX_VALUE));
        }).get();
        assertEquals(1, reloads.get(), "b was the least recently used, so it was evicted");
        cache.get("huge", () -> CompletableFuture.completedFuture(object(600, Long.MAX_VALUE))).get();
        assertTrue(cache.bytes() <= 1000);
        assertEquals(4, cache.size(), "an object over a quarter of the budget is served, not kept");
    }
}
