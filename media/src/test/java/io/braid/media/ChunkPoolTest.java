package io.braid.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkPoolTest {
    private static byte[] random(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static ChunkedBytes build(ChunkPool pool, byte[] data) {
        ChunkedBytes.Builder b = new ChunkedBytes.Builder(pool);
        for (int at = 0; at < data.length; at += 188) {
            b.write(data, at, Math.min(188, data.length - at));
        }
        return b.build();
    }

    @Test
    void chunksComeBackOnlyWhenTheLastHolderReleases() {
        ChunkPool pool = new ChunkPool(16);
        byte[] first = random(3 * ChunkedBytes.CHUNK, 1);
        ChunkedBytes a = build(pool, first);
        assertEquals(3, pool.allocated());
        assertTrue(a.retain(), "a reader holds it");
        a.release(); // the maker lets go
        assertEquals(0, pool.spare(), "the reader still holds it");
        ChunkedBytes b = build(pool, random(3 * ChunkedBytes.CHUNK, 2));
        assertEquals(6, pool.allocated(), "nothing to reuse yet");
        assertArrayEquals(first, a.toByteArray(), "a held segment is never written over");
        a.release();
        assertEquals(3, pool.spare());
        assertFalse(a.held());
        assertFalse(a.retain(), "once released by all, it cannot be held again");

        byte[] third = random(3 * ChunkedBytes.CHUNK, 3);
        ChunkedBytes c = build(pool, third);
        assertEquals(6, pool.allocated(), "its chunks were reused");
        assertEquals(3, pool.reused());
        assertArrayEquals(third, c.toByteArray());
        assertTrue(b.held() && c.held());
    }

    @Test
    void releasingTooOftenIsAnErrorAndGivesNothingBackTwice() {
        ChunkPool pool = new ChunkPool(16);
        ChunkedBytes a = build(pool, random(2 * ChunkedBytes.CHUNK, 4));
        a.release();
        assertEquals(2, pool.spare());
        assertThrows(IllegalStateException.class, a::release);
        assertEquals(2, pool.spare(), "the same chunks are never spare twice (two segments would share them)");
    }

    @Test
    void aMostlyEmptyLastChunkIsTrimmedAndItsChunkGoesBackAtOnce() {
        ChunkPool pool = new ChunkPool(16);
        byte[] data = random(ChunkedBytes.CHUNK + 1000, 5);
        ChunkedBytes a = build(pool, data);
        assertEquals(1, pool.spare(), "the second chunk held 1000 bytes: copied out, and the chunk is spare");
        assertArrayEquals(data, a.toByteArray());
        a.release();
        assertEquals(2, pool.spare(), "the trimmed copy is left to the GC");
    }

    @Test
    void aFullPoolLeavesTheRestToTheGcAndNoPoolNeverKeepsAny() {
        ChunkPool pool = new ChunkPool(2);
        build(pool, random(4 * ChunkedBytes.CHUNK, 6)).release();
        assertEquals(2, pool.spare());
        ChunkedBytes unpooled = build(ChunkPool.NONE, random(2 * ChunkedBytes.CHUNK, 7));
        unpooled.release();
        assertEquals(0, ChunkPool.NONE.spare());
    }

    @Test
    void theSharedEmptyBytesAreNeverReleased() {
        for (int i = 0; i < 3; i++) {
            ChunkedBytes.EMPTY.release();
        }
        assertTrue(ChunkedBytes.EMPTY.retain());
        assertTrue(ChunkedBytes.EMPTY.held());
    }
}
