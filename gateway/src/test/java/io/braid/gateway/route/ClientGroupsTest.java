package io.braid.gateway.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientGroupsTest {
    private final ClientGroups groups = new ClientGroups(Map.of("10.0.0.0/8", "eu", "10.1.0.0/16", "eu-west", "2001:db8::/32", "us"));

    @Test
    void headerThenMostSpecificBlock() {
        assertEquals("asia", groups.groupOf("asia", "10.1.2.3"));
        assertEquals("eu-west", groups.groupOf(null, "10.1.2.3"));
        assertEquals("eu", groups.groupOf(null, "10.2.2.3"));
        assertEquals("us", groups.groupOf(null, "2001:db8:1::5"));
        assertNull(groups.groupOf(null, "192.168.1.1"));
        assertEquals("eu", groups.groupOf("bad header!", "10.9.9.9"), "a header that is not a group name is ignored");
        assertNull(groups.groupOf(null, "example.com"), "never a DNS lookup");
    }

    @Test
    void badBlocksStopStartUpWithTheirText() {
        for (String bad : new String[] {"10.0.0.0", "10.0.0.0/33", "10.0.0/8", "x/8", "10.0.0.0/-1", "2001:db8::/129"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClientGroups(Map.of(bad, "eu")));
            assertEquals(true, e.getMessage().contains(bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ClientGroups(Map.of("10.0.0.0/8", "no spaces")));
    }

    /** Mutation test: random headers and addresses never throw. */
    @Test
    void randomInputNeverThrows() {
        Random random = new Random(11);
        String alphabet = "0123456789abcdef:./-x ";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            groups.groupOf(random.nextBoolean() ? s.toString() : null, s.toString());
        }
    }
}
