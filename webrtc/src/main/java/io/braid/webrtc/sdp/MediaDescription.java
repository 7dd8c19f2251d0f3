package io.braid.webrtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One {@code m=} section: kind, port, protocol, payload formats, and its attributes in order. */
public record MediaDescription(String kind, int port, String protocol, List<String> formats, List<SdpAttribute> attributes) {

    public String attribute(String name) {
        for (SdpAttribute a : attributes) {
            if (a.name().equals(name)) {
                return a.value();
            }
        }
        return null;
    }

    public List<String> attributes(String name) {
        List<String> out = new ArrayList<>();
        for (SdpAttribute a : attributes) {
            if (a.name().equals(name)) {
                out.add(a.value());
            }
        }
        return out;
    }

    public boolean has(String name) {
        return attribute(name) != null;
    }

    public String mid() {
        return attribute("mid");
    }

    /** sendrecv, sendonly, recvonly or inactive (sendrecv when none is given, RFC 8866 section 6.7). */
    public String direction() {
        for (String d : List.of("sendrecv", "sendonly", "recvonly", "inactive")) {
            if (has(d)) {
                return d;
            }
        }
        return "sendrecv";
    }

    /** The payload formats with their rtpmap and fmtp, in the offer's order of preference. */
    public List<RtpFormat> rtpFormats() {
        List<RtpFormat> out = new ArrayList<>();
        for (String f : formats) {
            int pt;
            try {
                pt = Integer.parseInt(f);
            } catch (NumberFormatException e) {
                continue;
            }
            String map = null;
            String fmtp = "";
            List<String> feedback = new ArrayList<>();
            for (SdpAttribute a : attributes) {
                String v = a.value();
                if (!v.startsWith(f + " ")) {
                    continue;
                }
                String rest = v.substring(f.length() + 1).trim();
                switch (a.name()) {
                    case "rtpmap" -> map = rest;
                    case "fmtp" -> fmtp = rest;
                    case "rtcp-fb" -> feedback.add(rest);
                    default -> {
                    }
                }
            }
            if (map == null) {
                continue;
            }
            String[] parts = map.split("/");
            int clock = 0;
            int channels = 1;
            try {
                clock = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 0;
                channels = parts.length > 2 ? Integer.parseInt(parts[2].trim()) : 1;
            } catch (NumberFormatException e) {
                continue;
            }
            out.add(new RtpFormat(pt, parts[0].trim().toLowerCase(Locale.ROOT), clock, channels, fmtp, List.copyOf(feedback)));
        }
        return out;
    }
}
