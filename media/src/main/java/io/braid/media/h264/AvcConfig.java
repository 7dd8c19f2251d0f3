package io.braid.media.h264;

import io.braid.media.ByteReader;
import io.braid.media.MalformedMediaException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AVCDecoderConfigurationRecord (ISO/IEC 14496-15 section 5.3.3.1), the body of an FLV "AVC sequence header":
 * the NAL length size used by length-prefixed frames, the SPS and PPS units, and the record itself as it came
 * ({@code record}), so writers that need it (FLV, later fMP4) copy the publisher's bytes rather than re-deriving them.
 */
public record AvcConfig(int nalLengthSize, List<byte[]> sps, List<byte[]> pps, SpsInfo info, byte[] record) {

    public static AvcConfig parse(byte[] data, int offset, int length) {
        ByteReader r = new ByteReader(data, offset, length);
        if (r.u8() != 1) {
            throw new MalformedMediaException("AVC config: configurationVersion is not 1");
        }
        r.skip(3); // profile, compatibility, level: the SPS repeats them
        int nalLengthSize = (r.u8() & 0x03) + 1;
        if (nalLengthSize == 3) {
            throw new MalformedMediaException("AVC config: NAL length size 3 is not allowed");
        }
        List<byte[]> sps = units(r, r.u8() & 0x1F);
        List<byte[]> pps = units(r, r.u8());
        if (sps.isEmpty() || pps.isEmpty()) {
            throw new MalformedMediaException("AVC config without SPS or PPS");
        }
        return new AvcConfig(nalLengthSize, List.copyOf(sps), List.copyOf(pps), SpsInfo.parse(sps.getFirst()),
                Arrays.copyOfRange(data, offset, offset + length));
    }

    /**
     * The configuration of a stream that carries its parameter sets in band (MPEG-TS, RTP): one SPS, one PPS, 4-byte
     * NAL lengths.
     */
    public static AvcConfig of(byte[] sps, byte[] pps) {
        return build(sps, pps);
    }

    /** {@link #of}, or empty for parameter sets that cannot be read: in-band ones may be broken, and are sent again. */
    public static java.util.Optional<AvcConfig> readable(byte[] sps, byte[] pps) {
        try {
            return java.util.Optional.of(build(sps, pps));
        } catch (RuntimeException unreadable) { // MalformedMediaException, or an SPS shorter than it says
            return java.util.Optional.empty();
        }
    }

    private static AvcConfig build(byte[] sps, byte[] pps) {
        if (sps.length < 4 || sps.length > 0xFFFF || pps.length == 0 || pps.length > 0xFFFF) {
            throw new MalformedMediaException("AVC config: SPS of " + sps.length + " or PPS of " + pps.length + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(11 + sps.length + pps.length);
        out.write(1);
        out.write(sps[1]); // profile_idc, constraint flags, level_idc, as the SPS has them
        out.write(sps[2]);
        out.write(sps[3]);
        out.write(0xFF); // 4-byte NAL lengths
        out.write(0xE1); // one SPS
        out.write(sps.length >>> 8);
        out.write(sps.length);
        out.writeBytes(sps);
        out.write(1);
        out.write(pps.length >>> 8);
        out.write(pps.length);
        out.writeBytes(pps);
        return new AvcConfig(4, List.of(sps.clone()), List.of(pps.clone()), SpsInfo.parse(sps), out.toByteArray());
    }

    private static List<byte[]> units(ByteReader r, int count) {
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = r.u16();
            if (n == 0) {
                throw new MalformedMediaException("AVC config: empty parameter set");
            }
            out.add(r.bytes(n));
        }
        return out;
    }
}
