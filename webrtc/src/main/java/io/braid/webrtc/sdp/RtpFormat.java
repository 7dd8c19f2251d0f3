package io.braid.webrtc.sdp;

import java.util.Locale;

/** A payload format from {@code a=rtpmap}, its {@code a=fmtp} parameters and {@code a=rtcp-fb} lines. */
public record RtpFormat(int payloadType, String codec, int clockRate, int channels, String fmtp, java.util.List<String> feedback) {

    /** A parameter of the fmtp line ({@code key=value;...}), or null. */
    public String parameter(String key) {
        for (String p : fmtp.split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals(key)) {
                return p.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
