package io.braid.rtmp;

/** A connection that plays a stream: messages may be sent from any thread; a slow player skips to the next GOP. */
public interface RtmpPlayer {
    void send(RtmpMessage message);

    /** Ends the play, e.g. because the publisher has gone. */
    void close(String reason);

    String remoteAddress();
}
