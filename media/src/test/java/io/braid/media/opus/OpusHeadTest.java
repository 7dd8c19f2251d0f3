package io.braid.media.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.braid.media.MalformedMediaException;
import org.junit.jupiter.api.Test;

class OpusHeadTest {
    @Test
    void theHeaderRoundTrips() {
        OpusHead head = new OpusHead(2, 312, 48_000);
        byte[] b = head.bytes();
        assertEquals(OpusHead.LENGTH, b.length);
        assertEquals(head, OpusHead.parse(b, 0, b.length));
        assertEquals('O', b[0]);
        assertEquals(0x38, b[10] & 0xFF, "pre-skip little-endian");
        assertThrows(MalformedMediaException.class, () -> OpusHead.parse(b, 1, b.length - 1));
        byte[] family1 = b.clone();
        family1[18] = 1;
        assertThrows(MalformedMediaException.class, () -> OpusHead.parse(family1, 0, family1.length));
    }
}
