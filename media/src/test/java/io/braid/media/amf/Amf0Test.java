package io.braid.media.amf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.media.MalformedMediaException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Amf0Test {

    @Test
    void connectCommandRoundTrips() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("app", "LiveApp");
        props.put("flashVer", "FMLE/3.0 (compatible; FMSc/1.0)");
        props.put("tcUrl", "rtmp://127.0.0.1:1935/LiveApp");
        props.put("videoCodecs", 252.0);
        props.put("fpad", false);
        byte[] bytes = Amf0Writer.encode("connect", 1.0, props, null, List.of(1.0, "two"));
        List<Object> values = new Amf0Reader(bytes).readAll();
        assertEquals("connect", values.get(0));
        assertEquals(1.0, values.get(1));
        assertEquals(props, values.get(2));
        assertNull(values.get(3));
        assertEquals(List.of(1.0, "two"), values.get(4));
        assertArrayEquals(bytes, Amf0Writer.encode(values.toArray()));
    }

    @Test
    void readsEcmaArrayDateAndLongString() {
        byte[] ecma = {0x08, 0, 0, 0, 1, 0, 5, 'w', 'i', 'd', 't', 'h', 0x00, 0x40, (byte) 0x94, 0, 0, 0, 0, 0, 0, 0, 0, 0x09,
            0x0B, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0x0C, 0, 0, 0, 2, 'h', 'i'};
        List<Object> values = new Amf0Reader(ecma).readAll();
        assertEquals(Map.of("width", 1280.0), values.get(0));
        assertEquals(0.0, values.get(1));
        assertEquals("hi", values.get(2));
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThrows(MalformedMediaException.class, () -> new Amf0Reader(new byte[] {0x07, 0, 1}).read(), "references");
        assertThrows(MalformedMediaException.class, () -> new Amf0Reader(new byte[] {0x02, 0x7F, (byte) 0xFF, 'a'}).read(), "string past the end");
        assertThrows(MalformedMediaException.class, () -> new Amf0Reader(new byte[] {0x0A, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}).read(), "huge array count");
        byte[] deep = new byte[3 * 100];
        for (int i = 0; i < 100; i++) {
            deep[3 * i] = 0x03;
            deep[3 * i + 2] = 1;
            deep[3 * i + 1] = 0;
        }
        assertThrows(MalformedMediaException.class, () -> new Amf0Reader(deep).read(), "nesting");
    }

    /** Mutation fuzz: flipped bytes and truncations of real command messages only ever raise MalformedMediaException. */
    @Test
    void mutatedCommandsFailCleanly() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", "status");
        info.put("code", "NetStream.Publish.Start");
        info.put("nested", Map.of("a", List.of(1.0, true, "x")));
        byte[] seed = Amf0Writer.encode("onStatus", 0.0, null, info, "@setDataFrame", Map.of("duration", 0.0));
        Random random = new Random(42);
        int clean = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] m = Arrays.copyOf(seed, 1 + random.nextInt(seed.length));
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            try {
                new Amf0Reader(m).readAll();
                clean++;
            } catch (MalformedMediaException expected) {
                // the only failure allowed
            }
        }
        assertTrue(clean > 0, "some mutations still decode");
    }
}
