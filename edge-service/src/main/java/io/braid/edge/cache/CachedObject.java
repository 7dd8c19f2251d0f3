package io.braid.edge.cache;

/**
 * One object as fetched from an origin: body, content type, when it was fetched, and until when it may be served
 * without asking again ({@code Long.MAX_VALUE} for segments, which never change).
 */
public record CachedObject(byte[] body, String contentType, long fetchedAt, long freshUntil) {
    public boolean freshAt(long now) {
        return now < freshUntil;
    }

    /** A strong validator: the content's hash, so every edge gives one object the same ETag. */
    public String etag() {
        return "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "-" + body.length + "\"";
    }
}
