package io.braid.media.amf;

import java.util.Map;

/** AMF0 type markers (Adobe AMF0 specification, section 2.1) and small helpers for reading decoded values. */
public final class Amf0 {
    public static final int NUMBER = 0x00;
    public static final int BOOLEAN = 0x01;
    public static final int STRING = 0x02;
    public static final int OBJECT = 0x03;
    public static final int NULL = 0x05;
    public static final int UNDEFINED = 0x06;
    public static final int ECMA_ARRAY = 0x08;
    public static final int OBJECT_END = 0x09;
    public static final int STRICT_ARRAY = 0x0A;
    public static final int DATE = 0x0B;
    public static final int LONG_STRING = 0x0C;
    public static final int XML_DOCUMENT = 0x0F;
    public static final int TYPED_OBJECT = 0x10;

    private Amf0() {
    }

    public static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    public static double number(Object value, double fallback) {
        return value instanceof Double d ? d : fallback;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
