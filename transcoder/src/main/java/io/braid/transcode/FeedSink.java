package io.braid.transcode;

import java.util.List;

/** Where a {@link WebRtcFeed} delivers, on the feed's thread. */
public interface FeedSink {
    /** The H.264 decoder configuration (SPS, PPS) of the video that follows. */
    void parameterSets(byte[] sps, byte[] pps);

    /** One H.264 access unit, its NAL units without prefixes, at a 90 kHz presentation timestamp. */
    void video(List<byte[]> nals, long timestamp90k, boolean keyframe);

    /** One Opus packet (of the feed's {@link OpusFrameDuration}) at a 48 kHz timestamp. */
    void audio(byte[] opus, long timestamp48k);

    /** Something a viewer or operator should know about this feed (e.g. why the video is re-encoded). */
    void note(String message);
}
