package io.braid.core.transcode;

import io.braid.core.app.EncoderSetting;
import java.util.List;

/**
 * A transcode job as the registry hands it to a transcoder: which live stream (and which publish session of it),
 * where to play it and publish the renditions back (its origin's RTMP address), the ladder and the encoder
 * preference, and how long the lease lasts unless renewed.
 */
public record TranscodeJob(String app, String streamId, String publishSessionId, String originNodeId, String originRtmpUrl,
        List<EncoderSetting> ladder, String encoderSelectionPreference, long leaseMs) {

    public String key() {
        return app + "/" + streamId;
    }
}
