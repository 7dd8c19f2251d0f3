package io.braid.edge.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void singleRangesAreResolvedAgainstTheLength() {
        assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(Optional.of(new ByteRange(900, 999)), ByteRange.parse("bytes=900-", 1000));
        assertEquals(Optional.of(new ByteRange(900, 999)), ByteRange.parse("bytes=-100", 1000));
        assertEquals(Optional.of(new ByteRange(0, 999)), ByteRange.parse("bytes=-5000", 1000));
        assertEquals(Optional.of(new ByteRange(500, 999)), ByteRange.parse("bytes=500-123456", 1000), "clipped to the end");
        assertEquals(Optional.of(ByteRange.UNSATISFIABLE), ByteRange.parse("bytes=1000-", 1000));
        assertEquals(Optional.of(ByteRange.UNSATISFIABLE), ByteRange.parse("bytes=-0", 1000));
    }

    @Test
    void anythingElseMeansTheWholeObject() {
        for (String h : new String[] {null, "", "bytes=", "bytes=-", "bytes=5-1", "bytes=0-1,5-9", "items=0-1", "bytes=a-b",
                "bytes=99999999999999999999-", "bytes=1-" + "9".repeat(300)}) {
            assertEquals(Optional.empty(), ByteRange.parse(h, 1000), String.valueOf(h));
        }
    }

    /** Mutation test: random and mutated headers never throw, and every range given lies inside the object. */
    @Test
    void randomHeadersNeverThrowAndStayInBounds() {
        Random random = new Random(7);
        String alphabet = "bytes=-0123456789, \t";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder h = new StringBuilder(random.nextBoolean() ? "bytes=" : "");
            for (int n = random.nextInt(24); n > 0; n--) {
                h.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            long length = random.nextInt(5000);
            Optional<ByteRange> r = ByteRange.parse(h.toString(), length);
            if (r.isPresent() && r.get() != ByteRange.UNSATISFIABLE) {
                assertTrue(r.get().first() >= 0 && r.get().first() <= r.get().last() && r.get().last() < length, h + " on " + length + ": " + r);
            }
        }
    }
}
