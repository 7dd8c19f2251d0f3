package io.braid.webrtc.fanout;

import io.braid.webrtc.rtp.RtpPacket;

/**
 * The last packets of one stream's track by sequence number, to answer NACKs (LiveKit keeps 500, we keep 2048: about
 * 2 s of a 8 Mbit/s stream). One cache per stream serves every viewer, since viewers share the stream's numbering.
 */
final class PacketCache {
    private final RtpPacket[] slots;
    private final int mask;

    PacketCache(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        slots = new RtpPacket[capacityPowerOfTwo];
        mask = capacityPowerOfTwo - 1;
    }

    void put(RtpPacket p) {
        slots[p.sequence() & mask] = p;
    }

    /** The packet with that sequence number, or null when it has been overwritten or never existed. */
    RtpPacket get(int sequence) {
        RtpPacket p = slots[sequence & mask];
        return p != null && p.sequence() == (sequence & 0xFFFF) ? p : null;
    }
}
