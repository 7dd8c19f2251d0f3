package io.braid.webrtc.stun;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated and truncated STUN messages: the decoder only ever answers with a {@link StunException} or a message, and
 * a message changed anywhere before its MESSAGE-INTEGRITY never verifies.
 */
class StunFuzzTest {
    @Test
    void mutationsNeverEscapeAsOtherExceptionsAndNeverForgeIntegrity() {
        Random random = new Random(5769);
        int verifiedForgeries = 0;
        for (int round = 0; round < 50_000; round++) {
            byte[] m = Arrays.copyOf(StunMessageTest.REQUEST, StunMessageTest.REQUEST.length);
            int length = m.length;
            int mutations = 1 + random.nextInt(4);
            boolean beforeIntegrity = false;
            for (int i = 0; i < mutations; i++) {
                int at = random.nextInt(m.length);
                byte before = m[at];
                m[at] = (byte) random.nextInt(256);
                if (m[at] != before && at < 84) {
                    beforeIntegrity = true;
                }
            }
            if (random.nextInt(5) == 0) {
                length = random.nextInt(m.length + 1);
            }
            try {
                StunMessage decoded = StunMessage.decode(m, 0, length);
                decoded.username();
                decoded.priority();
                decoded.fingerprintMatches();
                try {
                    decoded.xorMappedAddress();
                } catch (StunException expected) {
                    // a bad address attribute is a refusal too
                }
                if (beforeIntegrity && length == m.length && decoded.integrityMatches(StunMessageTest.PASSWORD)) {
                    verifiedForgeries++;
                }
            } catch (StunException expected) {
                // refused: fine
            } catch (RuntimeException e) {
                fail("round " + round + ": " + e);
            }
        }
        assertFalse(verifiedForgeries > 0, verifiedForgeries + " mutated messages passed MESSAGE-INTEGRITY");
    }
}
