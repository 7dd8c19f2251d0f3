package io.braid.media.aac;

/**
 * Audio in some other codec (a WHIP publisher's Opus) made into AAC, for consumers that play only AAC (HLS players,
 * RTMP readers). The codec work lives outside this plain module (the transcoder module's FFmpeg); the adapters that
 * feed a stream take it through this seam. Not thread-safe: one stream's media thread calls it.
 */
public interface AacEncoder extends AutoCloseable {
    /** Where AAC frames go: a raw frame (no ADTS header) and its presentation time in ms. */
    interface Output {
        void aac(byte[] frame, long ptsMs);
    }

    /** The AAC stream's configuration, known before the first frame. */
    AudioSpecificConfig config();

    /** One packet of the source codec presented at {@code ptsMs}; every AAC frame it completes goes to {@code out}. */
    void push(byte[] packet, long ptsMs, Output out);

    @Override
    void close();
}
