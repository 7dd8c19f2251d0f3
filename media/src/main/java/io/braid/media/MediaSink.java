package io.braid.media;

import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.h264.AvcConfig;
import io.braid.media.opus.OpusHead;

/**
 * Codec frames of one live stream, whatever protocol brought them: what every ingest adapter produces (FLV from RTMP,
 * MPEG-TS from SRT, RTP from WHIP) and every consumer takes (HLS packaging, RTMP players). Configurations arrive
 * before the frames that need them; all calls come from one thread at a time.
 */
public interface MediaSink {
    void videoConfig(AvcConfig config);

    void audioConfig(AudioSpecificConfig config);

    void video(VideoFrame frame);

    void audio(AudioFrame frame);

    /**
     * The publisher's audio is Opus (WHIP): its header, before the first {@link #opus} and before the AAC
     * {@link #audioConfig} made from it. Consumers that carry Opus as it came (an RTMP play for WebRTC viewers) take
     * it; the rest (HLS) take the AAC.
     */
    default void opusConfig(OpusHead head) {
    }

    /** One of the publisher's Opus packets, untouched, on the stream's timeline (beside the AAC made from it). */
    default void opus(OpusFrame frame) {
    }

    /**
     * The publisher sends a track in a codec that is not carried as frames, e.g. "video hvc1" or "audio mp3"; told
     * once per track, so the stream can report it rather than break.
     */
    default void unsupportedCodec(String codec) {
    }
}
