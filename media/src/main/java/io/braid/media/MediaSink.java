package io.braid.media;

import io.braid.media.aac.AudioSpecificConfig;
import io.braid.media.h264.AvcConfig;

/** Receives a demuxed elementary stream pair; configurations arrive before the frames that need them. */
public interface MediaSink {
    void videoConfig(AvcConfig config);

    void audioConfig(AudioSpecificConfig config);

    void video(VideoFrame frame);

    void audio(AudioFrame frame);
}
