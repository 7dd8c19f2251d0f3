package io.braid.rtmp;

import java.time.Duration;

/**
 * What one connection may cost us. RTMP lets a peer declare chunk sizes up to 2^31 and messages up to 16 MiB; we
 * cap both, and the bytes held in partly received messages, so a hostile or broken peer can only waste its own
 * connection.
 */
public record RtmpLimits(int maxChunkSize, int maxMessageSize, int maxChunkStreams, int maxConnections,
                         Duration handshakeTimeout, Duration idleTimeout) {
    public static final RtmpLimits DEFAULTS = new RtmpLimits(65536, 8 << 20, 64, 1000, Duration.ofSeconds(5), Duration.ofSeconds(30));

    public RtmpLimits {
        if (maxChunkSize < 128 || maxMessageSize < 1024 || maxChunkStreams < 4 || maxConnections < 1) {
            throw new IllegalArgumentException("RTMP limits too small: " + maxChunkSize + "/" + maxMessageSize + "/" + maxChunkStreams + "/" + maxConnections);
        }
    }

    /** Bytes of partly received messages one connection may hold at once. */
    public int maxPendingBytes() {
        return maxMessageSize * 2;
    }
}
