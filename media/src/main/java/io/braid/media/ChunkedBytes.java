package io.braid.media;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Immutable bytes held as fixed-size chunks rather than one array: what a media segment is kept in. A 2 s segment at
 * 2.5 Mb/s is 625 KB; as one array that is a G1 "humongous" object, which takes whole heap regions (1 MB each on a
 * 1 GB heap) and, at 50 streams with 18 segments each, ran the origin out of heap. Chunks of {@link #CHUNK} bytes
 * stay ordinary objects, and writing them needs no growing buffer nor a final copy.
 */
public final class ChunkedBytes {
    /** Well under half the smallest G1 region (1 MB), the size from which an array is humongous. */
    public static final int CHUNK = 64 << 10;
    public static final ChunkedBytes EMPTY = new ChunkedBytes(List.of(), 0);

    private final List<byte[]> chunks;
    private final int length;

    private ChunkedBytes(List<byte[]> chunks, int length) {
        this.chunks = chunks;
        this.length = length;
    }

    public static ChunkedBytes of(byte[] bytes) {
        Builder b = new Builder();
        b.write(bytes, 0, bytes.length);
        return b.build();
    }

    public int length() {
        return length;
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
        private List<byte[]> chunks = new ArrayList<>();
        private byte[] current;
        private int used;
        private int length;

        public void write(byte[] b, int offset, int n) {
            while (n > 0) {
                if (current == null || used == current.length) {
                    current = new byte[CHUNK];
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
            }
            ChunkedBytes built = new ChunkedBytes(List.copyOf(chunks), length);
            chunks = new ArrayList<>();
            current = null;
            used = 0;
            length = 0;
            return built;
        }
    }
}
