package io.braid.media.amf;

import io.braid.media.ByteReader;
import io.braid.media.MalformedMediaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes AMF0 values into plain Java: number and date → {@link Double}, boolean → {@link Boolean}, string, long
 * string and XML → {@link String}, object, ECMA array and typed object → {@link LinkedHashMap}, strict array →
 * {@link List}, null and undefined → {@code null}. Nesting and element counts are capped because the input comes
 * from the network; references (marker 7) and AMF3 switching are refused, as RTMP publishers do not send them.
 */
public final class Amf0Reader {
    public static final int MAX_DEPTH = 16;
    public static final int MAX_ELEMENTS = 1024;

    private final ByteReader in;

    public Amf0Reader(byte[] data, int offset, int length) {
        this.in = new ByteReader(data, offset, length);
    }

    public Amf0Reader(byte[] data) {
        this(data, 0, data.length);
    }

    public boolean hasMore() {
        return in.remaining() > 0;
    }

    public int position() {
        return in.position();
    }

    public Object read() {
        return read(0);
    }

    /** Reads every remaining value (a command message is a sequence of them). */
    public List<Object> readAll() {
        List<Object> values = new ArrayList<>();
        while (hasMore()) {
            if (values.size() >= MAX_ELEMENTS) {
                throw new MalformedMediaException("AMF0: more than " + MAX_ELEMENTS + " values");
            }
            values.add(read());
        }
        return values;
    }

    private Object read(int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedMediaException("AMF0: nesting deeper than " + MAX_DEPTH);
        }
        int marker = in.u8();
        return switch (marker) {
            case Amf0.NUMBER -> in.f64();
            case Amf0.BOOLEAN -> in.u8() != 0;
            case Amf0.STRING -> in.utf8(in.u16());
            case Amf0.OBJECT -> properties(depth, new LinkedHashMap<>());
            case Amf0.NULL, Amf0.UNDEFINED -> null;
            case Amf0.ECMA_ARRAY -> {
                in.u32(); // the count is only a hint, and publishers get it wrong; the end marker decides
                yield properties(depth, new LinkedHashMap<>());
            }
            case Amf0.STRICT_ARRAY -> strictArray(depth);
            case Amf0.DATE -> {
                double ms = in.f64();
                in.u16(); // time zone, reserved
                yield ms;
            }
            case Amf0.LONG_STRING, Amf0.XML_DOCUMENT -> {
                long n = in.u32();
                if (n > in.remaining()) {
                    throw new MalformedMediaException("AMF0: long string of " + n + " bytes, " + in.remaining() + " left");
                }
                yield in.utf8((int) n);
            }
            case Amf0.TYPED_OBJECT -> {
                in.utf8(in.u16()); // class name: we only need the properties
                yield properties(depth, new LinkedHashMap<>());
            }
            default -> throw new MalformedMediaException("AMF0: unsupported type marker " + marker + " at " + (in.position() - 1));
        };
    }

    private Map<String, Object> properties(int depth, Map<String, Object> into) {
        while (true) {
            String key = in.utf8(in.u16());
            if (key.isEmpty() && in.remaining() > 0 && (in.array()[in.position()] & 0xFF) == Amf0.OBJECT_END) {
                in.u8();
                return into;
            }
            if (into.size() >= MAX_ELEMENTS) {
                throw new MalformedMediaException("AMF0: object with more than " + MAX_ELEMENTS + " properties");
            }
            into.put(key, read(depth + 1));
        }
    }

    private List<Object> strictArray(int depth) {
        long n = in.u32();
        if (n > MAX_ELEMENTS || n > in.remaining()) {
            throw new MalformedMediaException("AMF0: strict array of " + n + " elements");
        }
        List<Object> list = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            list.add(read(depth + 1));
        }
        return list;
    }
}
