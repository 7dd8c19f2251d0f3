package io.braid.edge.delivery;

import java.util.Optional;

/**
 * One byte range of a {@code Range: bytes=...} request header (RFC 9110 14.1.2), resolved against the object's
 * length. Only a single range is honoured; a header with several ranges, another unit, or bad syntax is ignored
 * (the whole object is sent, as the RFC allows). A syntactically valid range that lies past the end is
 * {@link #UNSATISFIABLE}: the answer is 416.
 */
public record ByteRange(long first, long last) {
    public static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);
    private static final int MAX_HEADER = 200;

    public long length() {
        return last - first + 1;
    }

    /** @return empty when the whole object should be sent */
    public static Optional<ByteRange> parse(String header, long objectLength) {
        if (header == null || header.length() > MAX_HEADER || !header.startsWith("bytes=")) {
            return Optional.empty();
        }
        String spec = header.substring(6).strip();
        if (spec.indexOf(',') >= 0) {
            return Optional.empty();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String from = spec.substring(0, dash).strip();
        String to = spec.substring(dash + 1).strip();
        long a = number(from);
        long b = number(to);
        if (from.isEmpty()) { // suffix: the last b bytes
            if (b < 0) {
                return Optional.empty();
            }
            if (b == 0 || objectLength == 0) {
                return Optional.of(UNSATISFIABLE);
            }
            return Optional.of(new ByteRange(Math.max(0, objectLength - b), objectLength - 1));
        }
        if (a < 0 || (!to.isEmpty() && (b < 0 || b < a))) {
            return Optional.empty();
        }
        if (a >= objectLength) {
            return Optional.of(UNSATISFIABLE);
        }
        long last = to.isEmpty() ? objectLength - 1 : Math.min(b, objectLength - 1);
        return Optional.of(new ByteRange(a, last));
    }

    /** A non-negative decimal of at most 18 digits, else -1. */
    private static long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }
}
