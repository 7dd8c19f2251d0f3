package io.braid.webrtc.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * An SDP (RFC 8866) as WebRTC uses it: the session-level attributes and the media sections. Parsing is strict about
 * structure and sizes (an offer is a few kB; anything over {@link #MAX_LENGTH} is refused) and lenient about lines
 * it does not need.
 */
public record SessionDescription(List<SdpAttribute> attributes, List<MediaDescription> media) {
    public static final int MAX_LENGTH = 64 * 1024;
    static final int MAX_MEDIA = 16;
    static final int MAX_LINES = 2000;

    public static SessionDescription parse(String sdp) throws SdpException {
        if (sdp == null || sdp.isBlank()) {
            throw new SdpException("the SDP is empty");
        }
        if (sdp.length() > MAX_LENGTH) {
            throw new SdpException("the SDP has " + sdp.length() + " characters, over " + MAX_LENGTH);
        }
        String[] lines = sdp.split("\r?\n");
        if (lines.length > MAX_LINES) {
            throw new SdpException("the SDP has " + lines.length + " lines, over " + MAX_LINES);
        }
        if (!lines[0].trim().equals("v=0")) {
            throw new SdpException("an SDP starts with v=0");
        }
        List<SdpAttribute> session = new ArrayList<>();
        List<MediaDescription> media = new ArrayList<>();
        String[] mline = null;
        List<SdpAttribute> mediaAttributes = null;
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new SdpException("SDP line " + number + " is not <letter>=<value>: " + shorten(line));
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'm') {
                if (mline != null) {
                    media.add(media(mline, mediaAttributes, number));
                }
                if (media.size() >= MAX_MEDIA) {
                    throw new SdpException("the SDP has more than " + MAX_MEDIA + " media sections");
                }
                mline = value.split(" +");
                if (mline.length < 4) {
                    throw new SdpException("SDP line " + number + ": m= needs kind, port, protocol and formats");
                }
                mediaAttributes = new ArrayList<>();
            } else if (type == 'a') {
                int colon = value.indexOf(':');
                SdpAttribute a = colon < 0 ? new SdpAttribute(value, "") : new SdpAttribute(value.substring(0, colon), value.substring(colon + 1));
                (mediaAttributes == null ? session : mediaAttributes).add(a);
            }
        }
        if (mline != null) {
            media.add(media(mline, mediaAttributes, number));
        }
        return new SessionDescription(List.copyOf(session), List.copyOf(media));
    }

    private static MediaDescription media(String[] m, List<SdpAttribute> attributes, int line) throws SdpException {
        int port;
        try {
            port = Integer.parseInt(m[1].split("/")[0]);
        } catch (NumberFormatException e) {
            throw new SdpException("m=" + m[0] + " before line " + line + " has port " + shorten(m[1]));
        }
        if (port < 0 || port > 65535) {
            throw new SdpException("m=" + m[0] + " has port " + port);
        }
        List<String> formats = new ArrayList<>();
        for (int i = 3; i < m.length; i++) {
            formats.add(m[i]);
        }
        return new MediaDescription(m[0], port, m[2], List.copyOf(formats), List.copyOf(attributes));
    }

    public String attribute(String name) {
        for (SdpAttribute a : attributes) {
            if (a.name().equals(name)) {
                return a.value();
            }
        }
        return null;
    }

    /** A media-level attribute, else the session-level one (ICE credentials, fingerprint and setup may be either). */
    public String attribute(MediaDescription m, String name) {
        String v = m.attribute(name);
        return v != null ? v : attribute(name);
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
