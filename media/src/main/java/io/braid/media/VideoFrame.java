package io.braid.media;

import java.util.List;

/**
 * One H.264 access unit: decode and presentation times in ms, whether a decoder can start here, and its NAL units
 * as [offset, length] pairs into {@code data} (no start codes, no length prefixes; parameter sets may be among them).
 *
 * <p>{@code flvBody} is the frame as the FLV video tag body it arrived in (RTMP), or null: an RTMP reader forwards
 * that body as it is instead of writing a new one, as MediaMTX keeps a unit's RTP packets for RTP readers. Only an
 * ingest adapter sets it, and only to the very bytes that {@code data} describes.
 */
public record VideoFrame(long dtsMs, long ptsMs, boolean keyframe, byte[] data, List<int[]> nalUnits, byte[] flvBody) {
    /** A frame that did not arrive as FLV (MPEG-TS, RTP). */
    public VideoFrame(long dtsMs, long ptsMs, boolean keyframe, byte[] data, List<int[]> nalUnits) {
        this(dtsMs, ptsMs, keyframe, data, nalUnits, null);
    }
}
