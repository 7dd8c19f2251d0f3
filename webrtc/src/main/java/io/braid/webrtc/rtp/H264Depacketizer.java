package io.braid.webrtc.rtp;

import io.braid.media.h264.Nal;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * RTP to H.264 access units, packetization-mode 1 (RFC 6184): single NAL unit packets, STAP-A aggregates and FU-A
 * fragments, given in sequence order (a {@link ReorderBuffer}'s output). A picture ends at the marker bit, or where
 * the timestamp changes when a sender's marker went missing. A picture with a piece missing (a loss reported through
 * {@link #lost()}, a fragment out of place, a malformed or unsupported payload) is dropped, and so is every picture
 * after it until the next keyframe, because they would decode with holes; {@link #keyframeWanted()} then says a PLI
 * is due. Limits: {@link #MAX_ACCESS_UNIT_BYTES} and {@link #MAX_NALS} per picture. Not thread-safe.
 */
public final class H264Depacketizer {
    public static final int MAX_ACCESS_UNIT_BYTES = 8 << 20;
    public static final int MAX_NALS = 1024;
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    /** Why pictures were dropped, counted. */
    public record Counters(long pictures, long dropped, long malformed, long unsupported) {
    }

    private final Consumer<H264AccessUnit> sink;
    private final List<byte[]> nals = new ArrayList<>();
    private final ByteArrayOutputStream fragment = new ByteArrayOutputStream();
    private boolean inFragment;
    private boolean started;
    private long timestamp;
    private int bytes;
    private boolean broken;
    private boolean keyframeWanted = true;
    private long pictures;
    private long dropped;
    private long malformed;
    private long unsupported;

    public H264Depacketizer(Consumer<H264AccessUnit> sink) {
        this.sink = sink;
    }

    public void push(ReceivedRtp p) {
        if (started && p.timestamp() != timestamp) {
            finish(); // the previous picture's last packet (with the marker) was lost, or the sender sets none
        }
        started = true;
        timestamp = p.timestamp();
        if (p.payloadLength() < 1) {
            malformed("an empty payload");
        } else {
            int type = p.payloadByte(0) & 0x1F;
            if (type >= 1 && type <= 23) {
                endFragmentEarly();
                add(p.bytes(), p.payloadOffset(), p.payloadLength());
            } else if (type == STAP_A) {
                endFragmentEarly();
                aggregate(p);
            } else if (type == FU_A) {
                fragment(p);
            } else {
                unsupported++;
                broken = true; // STAP-B, MTAP, FU-B (other packetization modes) or a reserved type
            }
        }
        if (p.marker()) {
            finish();
        }
    }

    /**
     * Packets were given up before the next one: the picture in progress has a hole. Between pictures, a whole picture
     * (or the start of the next) is gone, so the pictures that follow wait for a keyframe.
     */
    public void lost() {
        if (nals.isEmpty() && !inFragment) {
            keyframeWanted = true;
        } else {
            broken = true;
            endFragmentEarly();
        }
    }

    /** Whether pictures are being dropped until a keyframe: the sender should get a PLI (throttled by the caller). */
    public boolean keyframeWanted() {
        return keyframeWanted;
    }

    public Counters counters() {
        return new Counters(pictures, dropped, malformed, unsupported);
    }

    private void aggregate(ReceivedRtp p) {
        byte[] b = p.bytes();
        int at = p.payloadOffset() + 1;
        int end = p.payloadOffset() + p.payloadLength();
        if (at == end) {
            malformed("a STAP-A without NAL units");
            return;
        }
        while (at < end) {
            if (end - at < 2) {
                malformed("a STAP-A that ends inside a NAL unit size");
                return;
            }
            int size = (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
            at += 2;
            if (size == 0 || size > end - at) {
                malformed("a STAP-A NAL unit of " + size + " bytes where " + (end - at) + " are left");
                return;
            }
            add(b, at, size);
            at += size;
        }
    }

    private void fragment(ReceivedRtp p) {
        if (p.payloadLength() < 3) {
            malformed("an FU-A of " + p.payloadLength() + " bytes");
            return;
        }
        int indicator = p.payloadByte(0);
        int header = p.payloadByte(1);
        boolean start = (header & 0x80) != 0;
        boolean end = (header & 0x40) != 0;
        if (start && end) {
            malformed("an FU-A with both its start and end bits set");
            return;
        }
        if (start) {
            endFragmentEarly();
            inFragment = true;
            fragment.reset();
            fragment.write((indicator & 0xE0) | (header & 0x1F));
        } else if (!inFragment) {
            broken = true; // its start was lost
            return;
        }
        if (bytes + fragment.size() + p.payloadLength() > MAX_ACCESS_UNIT_BYTES) {
            malformed("a picture over " + MAX_ACCESS_UNIT_BYTES + " bytes");
            inFragment = false;
            fragment.reset();
            return;
        }
        fragment.write(p.bytes(), p.payloadOffset() + 2, p.payloadLength() - 2);
        if (end) {
            inFragment = false;
            byte[] nal = fragment.toByteArray();
            fragment.reset();
            add(nal, 0, nal.length);
        }
    }

    /** A fragmented NAL unit cut short by another packet: its middle or end never came. */
    private void endFragmentEarly() {
        if (inFragment) {
            inFragment = false;
            fragment.reset();
            broken = true;
        }
    }

    private void add(byte[] b, int offset, int length) {
        if (nals.size() >= MAX_NALS || bytes + length > MAX_ACCESS_UNIT_BYTES) {
            malformed("a picture over " + MAX_NALS + " NAL units or " + MAX_ACCESS_UNIT_BYTES + " bytes");
            return;
        }
        byte[] nal = new byte[length];
        System.arraycopy(b, offset, nal, 0, length);
        nals.add(nal);
        bytes += length;
    }

    private void malformed(String why) {
        malformed++;
        broken = true;
    }

    private void finish() {
        endFragmentEarly();
        if (nals.isEmpty() && !broken) {
            return;
        }
        boolean keyframe = false;
        for (byte[] nal : nals) {
            keyframe |= Nal.type(nal[0]) == Nal.IDR;
        }
        if (broken || keyframeWanted && !keyframe) {
            dropped++;
            keyframeWanted = true;
        } else {
            keyframeWanted = false;
            pictures++;
            sink.accept(new H264AccessUnit(timestamp, List.copyOf(nals), keyframe));
        }
        nals.clear();
        bytes = 0;
        broken = false;
    }
}
