package io.braid.webrtc.rtp;

import io.braid.media.MalformedMediaException;
import io.braid.media.h264.Nal;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 over RTP, packetization-mode 1 (RFC 6184): a NAL unit that fits goes alone, a bigger one is cut into FU-A
 * fragments, and SPS and PPS travel together in one STAP-A before every IDR so that a viewer can start at any
 * keyframe. Access unit delimiters are dropped (WebRTC decoders do not need them). The marker bit closes each frame.
 */
public final class H264Packetizer {
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private final int maxPayload;
    private final int payloadType;
    private final int ssrc;
    private int sequence;
    private byte[] sps;
    private byte[] pps;

    /** {@code maxPayload} is the RTP payload budget, so that packet + SRTP tag + UDP/IP stays under the path MTU. */
    public H264Packetizer(int maxPayload, int payloadType, int ssrc, int firstSequence) {
        if (maxPayload < 100) {
            throw new IllegalArgumentException("an RTP payload budget under 100 bytes is not usable");
        }
        this.maxPayload = maxPayload;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.sequence = firstSequence & 0xFFFF;
    }

    /** Parameter sets from the stream's configuration (avcC), sent before each IDR. */
    public void parameterSets(byte[] sps, byte[] pps) {
        this.sps = sps == null ? null : sps.clone();
        this.pps = pps == null ? null : pps.clone();
    }

    /** The sequence number the next packet will carry. */
    public int nextSequence() {
        return sequence;
    }

    /**
     * One access unit given as its NAL units (without start codes or length prefixes), at a 90 kHz timestamp.
     * In-band SPS/PPS replace the remembered ones.
     */
    public List<RtpPacket> packetize(List<byte[]> nals, long timestamp90k) throws MalformedMediaException {
        List<byte[]> units = new ArrayList<>(nals.size() + 2);
        boolean idr = false;
        boolean hasSps = false;
        boolean hasPps = false;
        for (byte[] nal : nals) {
            if (nal.length == 0) {
                throw new MalformedMediaException("an empty NAL unit");
            }
            int type = nal[0] & 0x1F;
            if (type == Nal.AUD) {
                continue;
            }
            if (type == Nal.IDR) {
                idr = true;
            } else if (type == Nal.SPS) {
                sps = nal.clone();
                hasSps = true;
            } else if (type == Nal.PPS) {
                pps = nal.clone();
                hasPps = true;
            }
            units.add(nal);
        }
        List<RtpPacket> out = new ArrayList<>();
        if (idr && !(hasSps && hasPps) && sps != null && pps != null) {
            // In-band sets would already precede the IDR; otherwise send the remembered ones first.
            if (2 + sps.length + 2 + pps.length + 1 <= maxPayload) {
                out.add(stapA(timestamp90k, sps, pps));
            } else {
                units.add(0, pps);
                units.add(0, sps);
            }
        }
        for (int i = 0; i < units.size(); i++) {
            boolean last = i == units.size() - 1;
            byte[] nal = units.get(i);
            if (nal.length <= maxPayload) {
                out.add(RtpPacket.of(payloadType, last, next(), timestamp90k, ssrc, nal, 0, nal.length));
            } else {
                fragment(nal, timestamp90k, last, out);
            }
        }
        return out;
    }

    private RtpPacket stapA(long timestamp, byte[] first, byte[] second) {
        byte[] payload = new byte[1 + 2 + first.length + 2 + second.length];
        int nri = Math.max(first[0] & 0x60, second[0] & 0x60);
        payload[0] = (byte) (nri | STAP_A);
        int at = 1;
        for (byte[] nal : new byte[][] {first, second}) {
            payload[at++] = (byte) (nal.length >>> 8);
            payload[at++] = (byte) nal.length;
            System.arraycopy(nal, 0, payload, at, nal.length);
            at += nal.length;
        }
        return RtpPacket.of(payloadType, false, next(), timestamp, ssrc, payload, 0, payload.length);
    }

    private void fragment(byte[] nal, long timestamp, boolean lastOfFrame, List<RtpPacket> out) {
        byte header = nal[0];
        int indicator = (header & 0xE0) | FU_A;
        int type = header & 0x1F;
        int chunk = maxPayload - 2;
        byte[] payload = new byte[maxPayload];
        for (int at = 1; at < nal.length; at += chunk) {
            int length = Math.min(chunk, nal.length - at);
            boolean start = at == 1;
            boolean end = at + length == nal.length;
            payload[0] = (byte) indicator;
            payload[1] = (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
            System.arraycopy(nal, at, payload, 2, length);
            out.add(RtpPacket.of(payloadType, end && lastOfFrame, next(), timestamp, ssrc, payload, 0, 2 + length));
        }
    }

    private int next() {
        int s = sequence;
        sequence = (sequence + 1) & 0xFFFF;
        return s;
    }
}
