package io.braid.media.h264;

import io.braid.media.ByteReader;
import io.braid.media.MalformedMediaException;
import java.util.ArrayList;
import java.util.List;

/**
 * AVCDecoderConfigurationRecord (ISO/IEC 14496-15 section 5.3.3.1), the body of an FLV "AVC sequence header":
 * the NAL length size used by the frames that follow, and the SPS and PPS units.
 */
public record AvcConfig(int nalLengthSize, List<byte[]> sps, List<byte[]> pps, SpsInfo info) {

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
        return new AvcConfig(nalLengthSize, List.copyOf(sps), List.copyOf(pps), SpsInfo.parse(sps.getFirst()));
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
