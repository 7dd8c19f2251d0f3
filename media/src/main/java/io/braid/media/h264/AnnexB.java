package io.braid.media.h264;

import java.util.ArrayList;
import java.util.List;

/** Splits an Annex B byte stream (start codes 00 00 01 / 00 00 00 01), as carried in MPEG-TS, into NAL units. */
public final class AnnexB {
    private AnnexB() {
    }

    /** @return [offset, length] pairs into {@code data}, one per non-empty NAL unit, at most {@link AvccFrame#MAX_NALS} */
    public static List<int[]> nalUnits(byte[] data) {
        List<int[]> units = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < data.length && units.size() < AvccFrame.MAX_NALS) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                if (start >= 0) {
                    add(units, data, start, i);
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && units.size() < AvccFrame.MAX_NALS) {
            add(units, data, start, data.length);
        }
        return units;
    }

    private static void add(List<int[]> units, byte[] data, int start, int end) {
        while (end > start && data[end - 1] == 0) {
            end--; // trailing zeros belong to the next start code (00 00 00 01) or are padding
        }
        if (end > start) {
            units.add(new int[] {start, end - start});
        }
    }
}
