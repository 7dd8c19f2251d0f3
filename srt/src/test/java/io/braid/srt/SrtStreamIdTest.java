package io.braid.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SrtStreamIdTest {

    @Test
    void antMediaForm() {
        SrtStreamId id = SrtStreamId.parse("LiveApp/s1");
        assertEquals("LiveApp", id.app());
        assertEquals("s1", id.streamId());
        assertEquals(SrtStreamId.PUBLISH, id.mode());
        SrtStreamId withQuery = SrtStreamId.parse("/LiveApp/s1?token=abc&x");
        assertEquals("s1", withQuery.streamId());
        assertEquals("abc", withQuery.params().get("token"));
    }

    @Test
    void accessControlForm() {
        SrtStreamId id = SrtStreamId.parse("#!::r=LiveApp/s2,m=publish,u=alice,t=stream,s=session1");
        assertTrue(id.valid(), id.problem());
        assertEquals("LiveApp", id.app());
        assertEquals("s2", id.streamId());
        assertEquals("publish", id.mode());
        assertEquals("alice", id.user());
        assertEquals("session1", id.params().get("s"));
        assertEquals(SrtStreamId.REQUEST, SrtStreamId.parse("#!::r=LiveApp/s2").mode(), "the guidelines' default mode is request");
    }

    @Test
    void badOnesSayWhy() {
        for (String bad : new String[] {"", "LiveApp", "LiveApp/", "/s1", "#!::m=publish", "#!::r=LiveApp/s1,m=dance", "#!::r", "a/b\n",
                "x".repeat(2048), "Live\u00e9App/s"}) {
            SrtStreamId id = SrtStreamId.parse(bad);
            assertFalse(id.valid(), bad);
            assertNotNull(id.problem());
        }
    }

    @Test
    void randomAndMutatedIdsNeverThrow() {
        Random random = new Random(11);
        String[] seeds = {"LiveApp/s1", "#!::r=LiveApp/s2,m=publish,u=bob", "/a/b?c=d&e"};
        for (int i = 0; i < 50_000; i++) {
            StringBuilder s = new StringBuilder(seeds[i % seeds.length]);
            for (int k = 0; k < 1 + random.nextInt(6); k++) {
                int at = random.nextInt(s.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> s.insert(at, (char) random.nextInt(256));
                    case 1 -> {
                        if (at < s.length()) {
                            s.deleteCharAt(at);
                        }
                    }
                    default -> s.insert(at, ",=/#!:?&".charAt(random.nextInt(8)));
                }
            }
            if (i % 997 == 0) {
                s.append("j".repeat(2000));
            }
            SrtStreamId id = SrtStreamId.parse(s.toString());
            assertTrue(id.valid() == (id.problem() == null));
            if (id.valid()) {
                assertFalse(id.app().isEmpty() || id.streamId().isEmpty());
            }
        }
    }
}
