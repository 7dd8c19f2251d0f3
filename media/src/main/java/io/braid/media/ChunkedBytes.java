package io.braid.media;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Immutable bytes held as fixed-size chunks rather than one array: what a media segment is kept in. A 2 s segment at
 * 2.5 Mb/s is 625 KB; as one array that is a G1 "humongous" object, which takes whole heap regions (1 MB each on a
 * 1 GB heap) and, at 50 streams with 18 segments each, ran the origin out of heap. Chunks of {@link #CHUNK} bytes
 * stay ordinary objects, and writing them needs no growing buffer nor a final copy.
 *
 * <p>Chunks may come from a {@link ChunkPool}; they go back to it when the last holder {@link #release releases}.
 * The maker holds the first reference (a packager, until the segment leaves its playlist); a reader that outlives
 * the maker's hold ({@link #writeTo} to an HTTP response on another thread) first {@link #retain retains}, which
 * fails once the bytes are gone, and releases when done. Bytes read after the last release may be another
 * segment's, so only holders read them; {@link #length} stays true.
 */
public final class ChunkedBytes {
    /** Well under half the smallest G1 region (1 MB), the size from which an array is humongous. */
    public static final int CHUNK = 64 << 10;
    public static final ChunkedBytes EMPTY = new ChunkedBytes(List.of(), 0, ChunkPool.NONE);

    private final List<byte[]> chunks;
    private final int length;
    private final ChunkPool pool;
    private final AtomicInteger references = new AtomicInteger(1);

    private ChunkedBytes(List<byte[]> chunks, int length, ChunkPool pool) {
        this.chunks = chunks;
        this.length = length;
        this.pool = pool;
    }

    public static ChunkedBytes of(byte[] bytes) {
        Builder b = new Builder();
        b.write(bytes, 0, bytes.length);
        return b.build();
    }

    public int length() {
        return length;
    }

    /** One more holder; @return false if the bytes were already released by their last holder (do not read them). */
    public boolean retain() {
        if (chunks.isEmpty()) {
            return true; // nothing to give back: EMPTY is shared and never released
        }
        for (int n = references.get(); n > 0; n = references.get()) {
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** A holder lets go; the last one hands the chunks back to their pool. */
    public void release() {
        if (chunks.isEmpty()) {
            return;
        }
        int left = references.decrementAndGet();
        if (left == 0) {
            for (byte[] chunk : chunks) {
                pool.give(chunk);
            }
        } else if (left < 0) {
            references.incrementAndGet();
            throw new IllegalStateException("released more often than held");
        }
    }

    /** Whether some holder still holds the bytes. */
    public boolean held() {
        return chunks.isEmpty() || references.get() > 0;
    }

    public void writeTo(OutputStream out) throws IOException {
        int left = length;
        for (byte[] chunk : chunks) {
            int n = Math.min(chunk.length, left);
            out.write(chunk, 0, n);
            left -= n;
        }
    }

    /** One array of all the bytes (a copy): for tests and small callers only. */
    public byte[] toByteArray() {
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] chunk : chunks) {
            int n = Math.min(chunk.length, length - at);
            System.arraycopy(chunk, 0, all, at, n);
            at += n;
        }
        return all;
    }

    /** Appends bytes into chunks; {@link #build} hands them over and starts empty again. Not thread-safe. */
    public static final class Builder {
        private final ChunkPool pool;
        private List<byte[]> chunks = new ArrayList<>();
        private byte[] current;
        private int used;
        private int length;

        public Builder() {
            this(ChunkPool.NONE);
        }

        /** Chunks come from {@code pool} and the built bytes go back to it when released. */
        public Builder(ChunkPool pool) {
            this.pool = pool;
        }

        public void write(byte[] b, int offset, int n) {
            while (n > 0) {
                if (current == null || used == current.length) {
                    current = pool.take();
                    used = 0;
                    chunks.add(current);
                }
                int k = Math.min(n, current.length - used);
                System.arraycopy(b, offset, current, used, k);
                used += k;
                offset += k;
                n -= k;
                length += k;
            }
        }

        public int length() {
            return length;
        }

        public ChunkedBytes build() {
            if (length == 0) {
                return EMPTY;
            }
            if (used < current.length / 2) { // a mostly empty last chunk is trimmed: 18 per stream add up
                chunks.set(chunks.size() - 1, java.util.Arrays.copyOf(current, used));
                pool.give(current);
            }
            ChunkedBytes built = new ChunkedBytes(List.copyOf(chunks), length, pool);
            chunks = new ArrayList<>();
            current = null;
            used = 0;
            length = 0;
            return built;
        }
    }
}
