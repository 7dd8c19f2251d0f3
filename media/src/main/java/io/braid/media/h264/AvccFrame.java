package io.braid.media.h264;

import io.braid.media.MalformedMediaException;
import java.util.ArrayList;
import java.util.List;

/** Splits a length-prefixed (AVCC) access unit, as carried in FLV and MP4, into NAL units. */
public final class AvccFrame {
    public static final int MAX_NALS = 512;

    private AvccFrame() {
    }

    /** @return [offset, length] pairs into {@code data}, one per NAL unit */
    public static List<int[]> nalUnits(byte[] data, int offset, int length, int nalLengthSize) {
        List<int[]> units = new ArrayList<>();
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            if (end - pos < nalLengthSize) {
                throw new MalformedMediaException("AVCC: truncated NAL length");
            }
            long n = 0;
            for (int i = 0; i < nalLengthSize; i++) {
                n = n << 8 | data[pos + i] & 0xFF;
            }
            pos += nalLengthSize;
            if (n == 0 || n > end - pos) {
                throw new MalformedMediaException("AVCC: NAL length " + n + " with " + (end - pos) + " bytes left");
            }
            if (units.size() >= MAX_NALS) {
                throw new MalformedMediaException("AVCC: more than " + MAX_NALS + " NAL units in one frame");
            }
            units.add(new int[] {pos, (int) n});
            pos += (int) n;
        }
        return units;
    }
}
