package io.braid.media.ts;

/** CRC-32/MPEG-2 (polynomial 0x04C11DB7, no reflection, no final xor) for PSI sections. */
final class Crc32Mpeg {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int j = 0; j < 8; j++) {
                c = (c & 0x80000000) != 0 ? c << 1 ^ 0x04C11DB7 : c << 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc32Mpeg() {
    }

    static int of(byte[] data, int offset, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc = crc << 8 ^ TABLE[(crc >>> 24 ^ data[i]) & 0xFF];
        }
        return crc;
    }
}
