package io.braid.media.h264;

import java.io.ByteArrayOutputStream;

/** H.264 NAL unit types we act on, and the emulation-prevention removal needed to parse a NAL's payload. */
public final class Nal {
    public static final int SLICE = 1;
    public static final int IDR = 5;
    public static final int SEI = 6;
    public static final int SPS = 7;
    public static final int PPS = 8;
    public static final int AUD = 9;

    private Nal() {
    }

    public static int type(byte header) {
        return header & 0x1F;
    }

    /** Removes the 0x03 in every 00 00 03 sequence (H.264 section 7.4.1). */
    public static byte[] toRbsp(byte[] nal, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        int zeros = 0;
        for (int i = offset; i < offset + length; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out.write(b);
        }
        return out.toByteArray();
    }
}
