package io.braid.srt;

/** A libsrt call failed; the message is libsrt's own ({@code srt_getlasterror_str}). */
public final class SrtException extends RuntimeException {
    public SrtException(String message) {
        super(message);
    }
}
