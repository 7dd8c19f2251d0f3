package io.braid.media.amf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes Java values as AMF0: {@link Number} → number, {@link Boolean}, {@link String} (long string past 65535
 * bytes), {@link Map} → object, {@link List} → strict array, {@code null} → null. Anything else is a programming
 * error and throws {@link IllegalArgumentException}.
 */
public final class Amf0Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    public static byte[] encode(Object... values) {
        Amf0Writer w = new Amf0Writer();
        for (Object v : values) {
            w.write(v);
        }
        return w.toByteArray();
    }

    public Amf0Writer write(Object value) {
        switch (value) {
            case null -> out.write(Amf0.NULL);
            case Number n -> {
                out.write(Amf0.NUMBER);
                long bits = Double.doubleToLongBits(n.doubleValue());
                for (int i = 7; i >= 0; i--) {
                    out.write((int) (bits >>> (i * 8)));
                }
            }
            case Boolean b -> {
                out.write(Amf0.BOOLEAN);
                out.write(b ? 1 : 0);
            }
            case String s -> {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                if (utf8.length > 0xFFFF) {
                    out.write(Amf0.LONG_STRING);
                    u32(utf8.length);
                } else {
                    out.write(Amf0.STRING);
                    u16(utf8.length);
                }
                out.writeBytes(utf8);
            }
            case Map<?, ?> m -> {
                out.write(Amf0.OBJECT);
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    key(String.valueOf(e.getKey()));
                    write(e.getValue());
                }
                key("");
                out.write(Amf0.OBJECT_END);
            }
            case List<?> list -> {
                out.write(Amf0.STRICT_ARRAY);
                u32(list.size());
                list.forEach(this::write);
            }
            default -> throw new IllegalArgumentException("no AMF0 form for " + value.getClass().getName());
        }
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void key(String key) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        u16(utf8.length);
        out.writeBytes(utf8);
    }

    private void u16(int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private void u32(int v) {
        u16(v >>> 16);
        u16(v);
    }
}
