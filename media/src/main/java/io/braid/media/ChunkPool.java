package io.braid.media;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spare {@link ChunkedBytes#CHUNK}-byte arrays for segments. A live stream's segments are kept for half a minute
 * and then dropped, so on the heap they were each promoted to the old generation and collected there by concurrent
 * marking and mixed collections (the origin's GC threads: 2-3 % of a core at 50 streams). Handed back here when the
 * last holder lets go, the same arrays serve the next segments: they stay put in the old generation and nothing new
 * is allocated, zeroed or copied by the collector. At most {@code capacity} wait here; more are left to the GC.
 *
 * <p>A chunk that is never handed back (a reader that never released) is simply collected: the pool keeps no
 * reference to chunks in use, so a missed release costs a reuse, never memory.
 */
public final class ChunkPool {
    /** No pooling: every chunk is allocated, and dropped chunks go to the GC (tests, tools). */
    public static final ChunkPool NONE = new ChunkPool(0);

    private final ArrayBlockingQueue<byte[]> spare;
    private final AtomicLong allocated = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();

    public ChunkPool(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.spare = capacity == 0 ? null : new ArrayBlockingQueue<>(capacity);
    }

    /** A chunk of {@link ChunkedBytes#CHUNK} bytes whose old contents the caller overwrites before anyone reads them. */
    public byte[] take() {
        byte[] chunk = spare == null ? null : spare.poll();
        if (chunk != null) {
            reused.incrementAndGet();
            return chunk;
        }
        allocated.incrementAndGet();
        return new byte[ChunkedBytes.CHUNK];
    }

    /** Back for reuse; only whole chunks (a segment's trimmed last one is left to the GC). */
    void give(byte[] chunk) {
        if (spare != null && chunk.length == ChunkedBytes.CHUNK) {
            spare.offer(chunk);
        }
    }

    public int spare() {
        return spare == null ? 0 : spare.size();
    }

    /** Chunks made new since start. */
    public long allocated() {
        return allocated.get();
    }

    /** Chunks taken from the spares since start. */
    public long reused() {
        return reused.get();
    }
}
