package io.braid.media;

/**
 * Input that does not follow its format, or exceeds a limit we set. Parsers throw only this (never an index or
 * arithmetic exception), so a caller can close the one connection that sent it and carry on.
 */
public class MalformedMediaException extends RuntimeException {
    public MalformedMediaException(String message) {
        super(message);
    }
}
