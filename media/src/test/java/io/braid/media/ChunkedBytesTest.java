package io.braid.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkedBytesTest {
    /** Whatever the write sizes (single bytes, TS packets, more than a chunk at once), the bytes come back in order. */
    @Test
    void everyWriteSizeGivesTheSameBytes() throws Exception {
        byte[] data = new byte[3 * ChunkedBytes.CHUNK + 1234];
        new Random(5).nextBytes(data);
        ChunkedBytes.Builder b = new ChunkedBytes.Builder();
        for (int size : new int[] {1, 188, 7, ChunkedBytes.CHUNK, ChunkedBytes.CHUNK + 1, 3 * ChunkedBytes.CHUNK + 1234}) {
            for (int at = 0; at < data.length; at += size) {
                b.write(data, at, Math.min(size, data.length - at));
            }
            assertEquals(data.length, b.length());
            ChunkedBytes built = b.build();
            assertEquals(data.length, built.length(), "size " + size);
            assertArrayEquals(data, built.toByteArray(), "size " + size);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            built.writeTo(out);
            assertArrayEquals(data, out.toByteArray(), "size " + size);
            assertEquals(0, b.length(), "the builder starts empty again");
        }
    }

    @Test
    void emptyAndSmall() {
        assertSame(ChunkedBytes.EMPTY, new ChunkedBytes.Builder().build());
        assertArrayEquals(new byte[] {1, 2, 3}, ChunkedBytes.of(new byte[] {1, 2, 3}).toByteArray());
        assertEquals(0, ChunkedBytes.EMPTY.toByteArray().length);
    }
}
