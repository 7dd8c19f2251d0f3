package io.braid.transcode;

/** A job cannot go on; the message says what failed, with FFmpeg's own words where it comes from FFmpeg. */
public final class TranscodeException extends RuntimeException {
    public TranscodeException(String message) {
        super(message);
    }
}
