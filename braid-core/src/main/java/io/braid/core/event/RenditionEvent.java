package io.braid.core.event;

/**
 * A transcoder has started publishing one rendition of a stream, on {@link Topics#STREAM_EVENTS}, keyed by the
 * source's app/streamId. {@code rendition} is the rendition's own stream id ({@code {streamId}_{h}p{kbps}kbps}),
 * whose playlist is {@code /{app}/streams/{rendition}.m3u8}; {@code encoder} is the encoder used (h264_nvenc or
 * libx264) and {@code fallbackReason} why it is not the preferred one, when it is not.
 */
public record RenditionEvent(
        String type,
        int version,
        String eventId,
        long time,
        String app,
        String streamId,
        String rendition,
        int width,
        int height,
        int videoBitrate,
        int audioBitrate,
        String encoder,
        String fallbackReason,
        String nodeId) {

    public static final String TYPE = "rendition_started";
    public static final int VERSION = 1;
}
