package io.braid.edge.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One object as fetched from an origin: body, content type, when it was fetched, until when it may be served
 * without asking again ({@code Long.MAX_VALUE} for segments, which never change), and its ETag.
 *
 * <p>The body lives off the heap, read-only, copied there once when fetched: every viewer's response is then
 * written to its socket straight from that memory (no per-response copy, no per-response zeroed buffer, which is
 * what a {@code byte[]} body cost: a profile of the edge serving a 1 MB segment had 11 % of its samples in
 * {@code Bits.setMemory}). The memory is freed when the object is evicted and no response still writes it.
 */
public final class CachedObject {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final ByteBuffer body;
    private final String contentType;
    private final long fetchedAt;
    private final long freshUntil;
    private final String etag;
    private final String lastModified;
    /** What the HTTP layer derives from the body once (a playlist compiled for per-viewer rendering), by kind. */
    private volatile Map<Class<?>, Object> derived = Map.of();

    private CachedObject(ByteBuffer body, String contentType, long fetchedAt, long freshUntil, String etag) {
        this.body = body;
        this.contentType = contentType;
        this.fetchedAt = fetchedAt;
        this.freshUntil = freshUntil;
        this.etag = etag;
        this.lastModified = HTTP_DATE.format(Instant.ofEpochMilli(fetchedAt));
    }

    /** The ETag is the content's hash, computed once here, so every edge gives one object the same strong validator. */
    public static CachedObject of(byte[] body, String contentType, long fetchedAt, long freshUntil) {
        ByteBuffer offHeap = ByteBuffer.allocateDirect(body.length).put(body).flip().asReadOnlyBuffer();
        return new CachedObject(offHeap, contentType, fetchedAt, freshUntil,
                "\"" + Integer.toHexString(Arrays.hashCode(body)) + "-" + body.length + "\"");
    }

    /** The body, read-only, positioned at its start: a view of its own, so callers may move its position. */
    public ByteBuffer body() {
        return body.duplicate();
    }

    public int size() {
        return body.capacity();
    }

    /** A copy of the body on the heap (for tests and for reading a playlist's text). */
    public byte[] bytes() {
        byte[] copy = new byte[size()];
        body().get(copy);
        return copy;
    }

    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    public String contentType() {
        return contentType;
    }

    public long fetchedAt() {
        return fetchedAt;
    }

    public long freshUntil() {
        return freshUntil;
    }

    public String etag() {
        return etag;
    }

    /** {@link #fetchedAt} as an HTTP date, formatted once rather than on every response. */
    public String lastModified() {
        return lastModified;
    }

    /**
     * A value made from this object once and kept with it (so it is dropped with it): e.g. a playlist compiled for
     * rendering with each viewer's session. Two threads may both make it on the first call; one result is kept
     * (a value of another kind made at the same moment may be made again later).
     */
    public <T> T derived(Class<T> kind, Function<CachedObject, T> make) {
        Map<Class<?>, Object> known = derived;
        Object d = known.get(kind);
        if (d == null) {
            d = make.apply(this);
            Map<Class<?>, Object> more = new HashMap<>(known);
            more.put(kind, d);
            derived = Map.copyOf(more);
        }
        return kind.cast(d);
    }

    public boolean freshAt(long now) {
        return now < freshUntil;
    }
}
