package io.braid.media;

import java.util.List;

/**
 * One H.264 access unit: decode and presentation times in ms, whether a decoder can start here, and its NAL units
 * as [offset, length] pairs into {@code data} (no start codes, no length prefixes).
 */
public record VideoFrame(long dtsMs, long ptsMs, boolean keyframe, byte[] data, List<int[]> nalUnits) {
}
