package io.braid.webrtc.rtp;

/** Opus over RTP (RFC 7587): one Opus packet per RTP packet, timestamps at 48 kHz whatever the input rate. */
public final class OpusPacketizer {
    private final int payloadType;
    private final int ssrc;
    private int sequence;

    public OpusPacketizer(int payloadType, int ssrc, int firstSequence) {
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.sequence = firstSequence & 0xFFFF;
    }

    public RtpPacket packetize(byte[] opusPacket, long timestamp48k) {
        RtpPacket p = RtpPacket.of(payloadType, false, sequence, timestamp48k, ssrc, opusPacket, 0, opusPacket.length);
        sequence = (sequence + 1) & 0xFFFF;
        return p;
    }
}
