package io.braid.media.h264;

import io.braid.media.MalformedMediaException;

/** MSB-first bit reader with Exp-Golomb codes (H.264 section 9.1), bounded by its array. */
final class BitReader {
    private final byte[] data;
    private int bit;

    BitReader(byte[] data) {
        this.data = data;
    }

    int bit() {
        if (bit >= data.length * 8) {
            throw new MalformedMediaException("bitstream ends early");
        }
        int v = data[bit >> 3] >> (7 - (bit & 7)) & 1;
        bit++;
        return v;
    }

    int bits(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 1 | bit();
        }
        return v;
    }

    void skip(int n) {
        for (int i = 0; i < n; i++) {
            bit();
        }
    }

    /** ue(v); more than 31 leading zeros cannot encode a value we accept. */
    int ue() {
        int zeros = 0;
        while (bit() == 0) {
            if (++zeros > 31) {
                throw new MalformedMediaException("Exp-Golomb code longer than 32 bits");
            }
        }
        long v = (1L << zeros) - 1 + bits(zeros);
        if (v > Integer.MAX_VALUE) {
            throw new MalformedMediaException("Exp-Golomb value too large");
        }
        return (int) v;
    }

    int se() {
        int k = ue();
        return (k & 1) != 0 ? (k + 1) / 2 : -(k / 2);
    }
}
