package io.braid.media.flv;

import io.braid.media.MalformedMediaException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads the tags of an FLV file (header, then tag / previous-tag-size pairs), for files and tests. */
public final class FlvReader {
    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int SCRIPT = 18;
    public static final int MAX_TAG = 16 << 20;

    /** One tag: its type, 32-bit timestamp in ms, and body. */
    public record Tag(int type, long timestampMs, byte[] body) {
    }

    private final DataInputStream in;

    public FlvReader(InputStream in) throws IOException {
        this.in = new DataInputStream(in);
        byte[] header = new byte[9];
        this.in.readFully(header);
        if (header[0] != 'F' || header[1] != 'L' || header[2] != 'V') {
            throw new MalformedMediaException("not an FLV file");
        }
        int headerSize = (header[5] & 0xFF) << 24 | (header[6] & 0xFF) << 16 | (header[7] & 0xFF) << 8 | header[8] & 0xFF;
        if (headerSize < 9 || headerSize > 1024) {
            throw new MalformedMediaException("FLV header size " + headerSize);
        }
        this.in.skipNBytes(headerSize - 9 + 4); // rest of header, PreviousTagSize0
    }

    /** @return the next tag, or null at the end of the file */
    public Tag next() throws IOException {
        int type;
        try {
            type = in.readUnsignedByte() & 0x1F;
        } catch (EOFException end) {
            return null;
        }
        int size = in.readUnsignedByte() << 16 | in.readUnsignedShort();
        long ts = (long) (in.readUnsignedByte() << 16 | in.readUnsignedShort()) | (long) in.readUnsignedByte() << 24;
        in.skipNBytes(3); // stream id
        if (size > MAX_TAG) {
            throw new MalformedMediaException("FLV tag of " + size + " bytes");
        }
        byte[] body = new byte[size];
        in.readFully(body);
        in.skipNBytes(4);
        return new Tag(type, ts & 0xFFFFFFFFL, body);
    }
}
