package io.braid.edge.cache;

import java.util.Arrays;

/**
 * One object as fetched from an origin: body, content type, when it was fetched, until when it may be served
 * without asking again ({@code Long.MAX_VALUE} for segments, which never change), and its ETag.
 */
public record CachedObject(byte[] body, String contentType, long fetchedAt, long freshUntil, String etag) {

    /** The ETag is the content's hash, computed once here, so every edge gives one object the same strong validator. */
    public static CachedObject of(byte[] body, String contentType, long fetchedAt, long freshUntil) {
        return new CachedObject(body, contentType, fetchedAt, freshUntil,
                "\"" + Integer.toHexString(Arrays.hashCode(body)) + "-" + body.length + "\"");
    }

    public boolean freshAt(long now) {
        return now < freshUntil;
    }
}
