package io.braid.webrtc.rtp;

/**
 * Reads one element of an RTP header extension (RFC 8285: the one-byte form, profile 0xBEDE, and the two-byte form,
 * 0x100X), such as the transport-wide sequence number that congestion control feedback refers to. Every length is
 * checked against the extension block; a malformed block reads as "absent".
 */
public final class HeaderExtensions {
    private static final int ONE_BYTE_PROFILE = 0xBEDE;
    private static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    private static final int TWO_BYTE_PROFILE = 0x1000;

    private HeaderExtensions() {
    }

    /** The element's data as [offset, length] into {@code packet.bytes()}, or null when the packet has none. */
    public static int[] find(ReceivedRtp packet, int id) {
        byte[] b = packet.bytes();
        if ((b[0] & 0x10) == 0 || id <= 0 || id > 255) {
            return null;
        }
        int at = 12 + 4 * (b[0] & 0x0F);
        if (at + 4 > b.length) {
            return null;
        }
        int profile = (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
        int end = Math.min(b.length, at + 4 + 4 * ((b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF));
        at += 4;
        boolean oneByte = profile == ONE_BYTE_PROFILE;
        if (!oneByte && (profile & TWO_BYTE_PROFILE_MASK) != TWO_BYTE_PROFILE) {
            return null;
        }
        while (at < end) {
            int element = b[at] & 0xFF;
            if (element == 0) {
                at++; // padding between elements
                continue;
            }
            int elementId;
            int length;
            if (oneByte) {
                elementId = element >>> 4;
                if (elementId == 15) {
                    return null; // reserved: stop reading (RFC 8285 section 4.2)
                }
                length = (element & 0x0F) + 1;
                at++;
            } else {
                if (at + 1 >= end) {
                    return null;
                }
                elementId = element;
                length = b[at + 1] & 0xFF;
                at += 2;
            }
            if (at + length > end) {
                return null;
            }
            if (elementId == id) {
                return new int[] {at, length};
            }
            at += length;
        }
        return null;
    }

    /** The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01), or -1. */
    public static int transportSequence(ReceivedRtp packet, int id) {
        int[] e = find(packet, id);
        if (e == null || e[1] < 2) {
            return -1;
        }
        byte[] b = packet.bytes();
        return (b[e[0]] & 0xFF) << 8 | b[e[0] + 1] & 0xFF;
    }
}
