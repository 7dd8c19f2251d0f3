package io.braid.media;

import java.nio.charset.StandardCharsets;

/** Big-endian reads over a byte range that throw {@link MalformedMediaException} instead of running off the end. */
public final class ByteReader {
    private final byte[] data;
    private final int end;
    private int pos;

    public ByteReader(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new MalformedMediaException("range " + offset + "+" + length + " outside " + data.length + " bytes");
        }
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
    }

    public ByteReader(byte[] data) {
        this(data, 0, data.length);
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public byte[] array() {
        return data;
    }

    public void need(int n) {
        if (n < 0 || n > end - pos) {
            throw new MalformedMediaException("needs " + n + " more bytes, " + (end - pos) + " left");
        }
    }

    public int u8() {
        need(1);
        return data[pos++] & 0xFF;
    }

    public int u16() {
        need(2);
        int v = (data[pos] & 0xFF) << 8 | data[pos + 1] & 0xFF;
        pos += 2;
        return v;
    }

    public int u24() {
        need(3);
        int v = (data[pos] & 0xFF) << 16 | (data[pos + 1] & 0xFF) << 8 | data[pos + 2] & 0xFF;
        pos += 3;
        return v;
    }

    public long u32() {
        need(4);
        long v = (long) (data[pos] & 0xFF) << 24 | (data[pos + 1] & 0xFF) << 16 | (data[pos + 2] & 0xFF) << 8 | data[pos + 3] & 0xFF;
        pos += 4;
        return v;
    }

    /** A 24-bit two's complement value (FLV composition time). */
    public int s24() {
        int v = u24();
        return (v & 0x800000) != 0 ? v | 0xFF000000 : v;
    }

    public double f64() {
        need(8);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = bits << 8 | data[pos + i] & 0xFF;
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    public String utf8(int n) {
        need(n);
        String s = new String(data, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }
}
