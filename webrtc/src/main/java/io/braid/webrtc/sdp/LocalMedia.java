package io.braid.webrtc.sdp;

/**
 * What this node sends in a session: a stream label and CNAME, one video and one audio SSRC, and the H.264 profile of
 * the stream ({@code profile_idc}, e.g. 66 baseline, 77 main, 100 high) so the answer names the offered format that
 * fits it.
 */
public record LocalMedia(String streamLabel, String cname, int videoSsrc, int audioSsrc, int h264Profile, boolean audio) {
}
