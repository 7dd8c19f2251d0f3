package io.braid.media.ts;

/** Receives FLV tag bodies (as RTMP carries them): {@code type} 8 audio or 9 video, timestamps in ms. */
public interface FlvTagSink {
    void tag(int type, long timestampMs, byte[] body);
}
