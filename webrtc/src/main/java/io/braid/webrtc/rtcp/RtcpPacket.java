package io.braid.webrtc.rtcp;

import java.util.List;

/** The RTCP packets a WebRTC media server reads (RFC 3550, RFC 4585, RFC 5104, REMB and transport-wide CC drafts). */
public sealed interface RtcpPacket {
    int SR = 200;
    int RR = 201;
    int SDES = 202;
    int BYE = 203;
    int RTPFB = 205;
    int PSFB = 206;

    /** RFC 3550 6.4.1. */
    record SenderReport(int ssrc, long ntpTime, long rtpTime, long packets, long octets, List<ReportBlock> reports) implements RtcpPacket {
    }

    /** RFC 3550 6.4.2. */
    record ReceiverReport(int ssrc, List<ReportBlock> reports) implements RtcpPacket {
    }

    /** RFC 3550 6.5: the SSRCs described (their items are not kept). */
    record SourceDescription(List<Integer> ssrcs) implements RtcpPacket {
    }

    /** RFC 3550 6.6. */
    record Goodbye(List<Integer> ssrcs) implements RtcpPacket {
    }

    /** RFC 4585 6.2.1 generic NACK: the lost sequence numbers, expanded from PID + BLP. */
    record Nack(int senderSsrc, int mediaSsrc, List<Integer> lost) implements RtcpPacket {
    }

    /** RFC 4585 6.3.1 picture loss indication: the viewer needs a keyframe. */
    record PictureLoss(int senderSsrc, int mediaSsrc) implements RtcpPacket {
    }

    /** RFC 5104 4.3.1 full intra request. */
    record FullIntraRequest(int senderSsrc, List<Integer> mediaSsrcs) implements RtcpPacket {
    }

    /** draft-alvestrand-rmcat-remb: the receiver's estimate of the bandwidth it can take. */
    record ReceiverEstimate(int senderSsrc, long bitsPerSecond, List<Integer> ssrcs) implements RtcpPacket {
    }

    /** draft-holmer-rmcat-transport-wide-cc-extensions-01: the header only; the chunks are not expanded yet. */
    record TransportFeedback(int senderSsrc, int mediaSsrc, int baseSequence, int statusCount, int referenceTime, int feedbackCount) implements RtcpPacket {
    }

    /** Any other packet type or format: skipped by length. */
    record Other(int packetType, int format) implements RtcpPacket {
    }
}
