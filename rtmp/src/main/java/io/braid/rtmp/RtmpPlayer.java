package io.braid.rtmp;

import java.util.concurrent.ScheduledExecutorService;

/** A connection that plays a stream: messages may be sent from any thread; a slow player skips to the next GOP. */
public interface RtmpPlayer {
    void send(RtmpMessage message);

    /**
     * Where {@link #deliver} and {@link #flush} must run (a connection's event loop): the fan-out sends one task per
     * event loop for a message, not one per player. Null: {@link #send} it from anywhere.
     */
    default ScheduledExecutorService loop() {
        return null;
    }

    /** Queues a message of the fan-out, on {@link #loop()}; it goes out at the next {@link #flush}, or sooner if much is queued. */
    default void deliver(SharedMessage message) {
        send(message.message());
    }

    /** Sends what {@link #deliver} queued, on {@link #loop()}. */
    default void flush() {
    }

    /** Ends the play, e.g. because the publisher has gone. */
    void close(String reason);

    String remoteAddress();
}
