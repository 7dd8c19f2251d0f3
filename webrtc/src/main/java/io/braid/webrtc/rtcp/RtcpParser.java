package io.braid.webrtc.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a compound RTCP datagram. Every length field is checked against what is left, so a packet that lies is
 * refused whole instead of being read past its end.
 */
public final class RtcpParser {
    /** No NACK needs more than this many lost packets listed; more is an attack on our memory. */
    static final int MAX_NACKED = 4096;

    private RtcpParser() {
    }

    /** Whether a datagram's second byte is an RTCP packet type (RFC 5761 section 4: 192-223), not an RTP one. */
    public static boolean isRtcp(byte[] b, int off, int len) {
        if (len < 2) {
            return false;
        }
        int pt = b[off + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }

    public static List<RtcpPacket> parse(byte[] b, int off, int len) throws RtcpException {
        if (len < 4) {
            throw new RtcpException("RTCP datagram of " + len + " bytes");
        }
        List<RtcpPacket> out = new ArrayList<>(4);
        int at = off;
        int end = off + len;
        while (at < end) {
            if (end - at < 4) {
                throw new RtcpException("truncated RTCP header");
            }
            if ((b[at] & 0xC0) != 0x80) {
                throw new RtcpException("RTCP version is not 2");
            }
            int count = b[at] & 0x1F;
            int type = b[at + 1] & 0xFF;
            int length = 4 * (u16(b, at + 2) + 1);
            if (length > end - at) {
                throw new RtcpException("RTCP packet type " + type + " says " + length + " bytes, " + (end - at) + " left");
            }
            int bodyEnd = at + length;
            if ((b[at] & 0x20) != 0) {
                int padding = b[bodyEnd - 1] & 0xFF;
                if (padding == 0 || padding > length - 4) {
                    throw new RtcpException("RTCP padding of " + padding + " bytes");
                }
                bodyEnd -= padding;
            }
            out.add(packet(b, at, bodyEnd, type, count));
            at += length;
        }
        return out;
    }

    private static RtcpPacket packet(byte[] b, int at, int end, int type, int count) throws RtcpException {
        int body = at + 4;
        switch (type) {
            case RtcpPacket.SR -> {
                need(end - body, 24 + 24 * count, "sender report");
                return new RtcpPacket.SenderReport(i32(b, body), u64(b, body + 4), u32(b, body + 12), u32(b, body + 16),
                        u32(b, body + 20), reports(b, body + 24, count));
            }
            case RtcpPacket.RR -> {
                need(end - body, 4 + 24 * count, "receiver report");
                return new RtcpPacket.ReceiverReport(i32(b, body), reports(b, body + 4, count));
            }
            case RtcpPacket.SDES -> {
                return new RtcpPacket.SourceDescription(sdesSsrcs(b, body, end, count));
            }
            case RtcpPacket.BYE -> {
                need(end - body, 4 * count, "goodbye");
                List<Integer> ssrcs = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    ssrcs.add(i32(b, body + 4 * i));
                }
                return new RtcpPacket.Goodbye(ssrcs);
            }
            case RtcpPacket.RTPFB -> {
                need(end - body, 8, "transport feedback");
                int sender = i32(b, body);
                int media = i32(b, body + 4);
                if (count == 1) {
                    int fci = end - body - 8;
                    if (fci % 4 != 0 || fci / 4 * 17 > MAX_NACKED) {
                        throw new RtcpException("NACK with " + fci + " bytes of entries");
                    }
                    List<Integer> lost = new ArrayList<>();
                    for (int e = body + 8; e < end; e += 4) {
                        int pid = u16(b, e);
                        int blp = u16(b, e + 2);
                        lost.add(pid);
                        for (int bit = 0; bit < 16; bit++) {
                            if ((blp & (1 << bit)) != 0) {
                                lost.add((pid + bit + 1) & 0xFFFF);
                            }
                        }
                    }
                    return new RtcpPacket.Nack(sender, media, lost);
                }
                if (count == 15) {
                    need(end - body, 16, "transport-wide feedback");
                    int refTime = (u16(b, body + 12) << 8) | (b[body + 14] & 0xFF);
                    return new RtcpPacket.TransportFeedback(sender, media, u16(b, body + 8), u16(b, body + 10), refTime, b[body + 15] & 0xFF);
                }
                return new RtcpPacket.Other(type, count);
            }
            case RtcpPacket.PSFB -> {
                need(end - body, 8, "payload feedback");
                int sender = i32(b, body);
                int media = i32(b, body + 4);
                if (count == 1) {
                    return new RtcpPacket.PictureLoss(sender, media);
                }
                if (count == 4) {
                    int fci = end - body - 8;
                    if (fci % 8 != 0) {
                        throw new RtcpException("FIR entries of " + fci + " bytes");
                    }
                    List<Integer> ssrcs = new ArrayList<>(fci / 8);
                    for (int e = body + 8; e < end; e += 8) {
                        ssrcs.add(i32(b, e));
                    }
                    return new RtcpPacket.FullIntraRequest(sender, ssrcs);
                }
                if (count == 15 && end - body >= 16 && b[body + 8] == 'R' && b[body + 9] == 'E' && b[body + 10] == 'M' && b[body + 11] == 'B') {
                    int ssrcCount = b[body + 12] & 0xFF;
                    need(end - body, 16 + 4 * ssrcCount, "REMB");
                    int exponent = (b[body + 13] & 0xFF) >>> 2;
                    long mantissa = ((b[body + 13] & 0x03L) << 16) | u16(b, body + 14);
                    List<Integer> ssrcs = new ArrayList<>(ssrcCount);
                    for (int i = 0; i < ssrcCount; i++) {
                        ssrcs.add(i32(b, body + 16 + 4 * i));
                    }
                    long bps = exponent > 45 ? Long.MAX_VALUE : mantissa << exponent;
                    return new RtcpPacket.ReceiverEstimate(sender, bps, ssrcs);
                }
                return new RtcpPacket.Other(type, count);
            }
            default -> {
                return new RtcpPacket.Other(type, count);
            }
        }
    }

    private static List<ReportBlock> reports(byte[] b, int at, int count) {
        List<ReportBlock> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int r = at + 24 * i;
            int lost = ((b[r + 5] & 0xFF) << 16) | ((b[r + 6] & 0xFF) << 8) | (b[r + 7] & 0xFF);
            if ((lost & 0x800000) != 0) {
                lost |= 0xFF000000; // 24-bit signed
            }
            out.add(new ReportBlock(i32(b, r), b[r + 4] & 0xFF, lost, u32(b, r + 8), u32(b, r + 12), u32(b, r + 16), u32(b, r + 20)));
        }
        return out;
    }

    private static List<Integer> sdesSsrcs(byte[] b, int at, int end, int count) throws RtcpException {
        List<Integer> out = new ArrayList<>(count);
        int p = at;
        for (int c = 0; c < count; c++) {
            need(end - p, 4, "SDES chunk");
            out.add(i32(b, p));
            p += 4;
            while (true) {
                need(end - p, 1, "SDES item");
                int item = b[p] & 0xFF;
                if (item == 0) {
                    p++;
                    p = at + ((p - at + 3) & ~3); // chunks end on a 32-bit boundary
                    break;
                }
                need(end - p, 2, "SDES item");
                int length = b[p + 1] & 0xFF;
                need(end - p, 2 + length, "SDES item");
                p += 2 + length;
            }
        }
        return out;
    }

    private static void need(int have, int needed, String what) throws RtcpException {
        if (have < needed) {
            throw new RtcpException(what + " needs " + needed + " bytes, has " + have);
        }
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static int i32(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static long u32(byte[] b, int at) {
        return i32(b, at) & 0xFFFFFFFFL;
    }

    static long u64(byte[] b, int at) {
        return (u32(b, at) << 32) | u32(b, at + 4);
    }
}
