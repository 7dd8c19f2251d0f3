package io.braid.webrtc.rtp;

import java.util.List;

/** One H.264 picture out of RTP: its NAL units (no start codes, no length prefixes) at its 90 kHz RTP timestamp. */
public record H264AccessUnit(long timestamp90k, List<byte[]> nals, boolean keyframe) {
}
