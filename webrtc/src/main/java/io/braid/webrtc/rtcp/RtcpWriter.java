package io.braid.webrtc.rtcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes the RTCP packets a media server sends; chain them into one compound packet, SR or RR first. */
public final class RtcpWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    public RtcpWriter senderReport(int ssrc, long ntpTime, long rtpTime, long packets, long octets) {
        header(0, RtcpPacket.SR, 6);
        int32(ssrc);
        int32((int) (ntpTime >>> 32));
        int32((int) ntpTime);
        int32((int) rtpTime);
        int32((int) packets);
        int32((int) octets);
        return this;
    }

    public RtcpWriter receiverReport(int ssrc, List<ReportBlock> blocks) {
        header(blocks.size(), RtcpPacket.RR, 1 + 6 * blocks.size());
        int32(ssrc);
        for (ReportBlock r : blocks) {
            int32(r.ssrc());
            int32((r.fractionLost() << 24) | (r.cumulativeLost() & 0xFFFFFF));
            int32((int) r.highestSequence());
            int32((int) r.jitter());
            int32((int) r.lastSenderReport());
            int32((int) r.delaySinceLastSenderReport());
        }
        return this;
    }

    /** SDES with one CNAME item, padded to a 32-bit boundary with at least one terminating zero. */
    public RtcpWriter cname(int ssrc, String cname) {
        byte[] text = cname.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, 255);
        int chunk = 4 + 2 + length + 1;
        int padded = (chunk + 3) & ~3;
        header(1, RtcpPacket.SDES, padded / 4);
        int32(ssrc);
        out.write(1);
        out.write(length);
        out.write(text, 0, length);
        for (int i = 0; i < padded - (4 + 2 + length); i++) {
            out.write(0);
        }
        return this;
    }

    public RtcpWriter goodbye(int ssrc) {
        header(1, RtcpPacket.BYE, 1);
        int32(ssrc);
        return this;
    }

    public RtcpWriter pictureLoss(int senderSsrc, int mediaSsrc) {
        header(1, RtcpPacket.PSFB, 2);
        int32(senderSsrc);
        int32(mediaSsrc);
        return this;
    }

    public RtcpWriter fullIntraRequest(int senderSsrc, int mediaSsrc, int requestNumber) {
        header(4, RtcpPacket.PSFB, 4);
        int32(senderSsrc);
        int32(0);
        int32(mediaSsrc);
        int32((requestNumber & 0xFF) << 24);
        return this;
    }

    /** Generic NACK for the given lost sequence numbers, packed as PID + bitmask entries. */
    public RtcpWriter nack(int senderSsrc, int mediaSsrc, List<Integer> lost) {
        ByteArrayOutputStream fci = new ByteArrayOutputStream();
        int i = 0;
        while (i < lost.size()) {
            int pid = lost.get(i++) & 0xFFFF;
            int blp = 0;
            while (i < lost.size()) {
                int distance = ((lost.get(i) & 0xFFFF) - pid - 1) & 0xFFFF;
                if (distance >= 16) {
                    break;
                }
                blp |= 1 << distance;
                i++;
            }
            fci.write(pid >>> 8);
            fci.write(pid);
            fci.write(blp >>> 8);
            fci.write(blp);
        }
        header(1, RtcpPacket.RTPFB, 2 + fci.size() / 4);
        int32(senderSsrc);
        int32(mediaSsrc);
        out.writeBytes(fci.toByteArray());
        return this;
    }

    /**
     * A transport-wide congestion control feedback (RTPFB, FMT 15) around its feedback control information; padded
     * to 32 bits with the padding bit set and the count in the last byte, as RFC 3550 section 6.4.1 says.
     */
    public RtcpWriter transportFeedback(int senderSsrc, int mediaSsrc, byte[] fci) {
        int padding = (4 - fci.length % 4) % 4;
        int words = 2 + (fci.length + padding) / 4;
        out.write(0x80 | (padding > 0 ? 0x20 : 0) | 15);
        out.write(RtcpPacket.RTPFB);
        out.write(words >>> 8);
        out.write(words);
        int32(senderSsrc);
        int32(mediaSsrc);
        out.writeBytes(fci);
        for (int i = 1; i < padding; i++) {
            out.write(0);
        }
        if (padding > 0) {
            out.write(padding);
        }
        return this;
    }

    public byte[] build() {
        return out.toByteArray();
    }

    private void header(int count, int type, int lengthWords) {
        out.write(0x80 | count);
        out.write(type);
        out.write(lengthWords >>> 8);
        out.write(lengthWords);
    }

    private void int32(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
