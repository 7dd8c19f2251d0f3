package io.braid.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mutated offers: the answerer either answers or refuses with an {@link SdpException}, never anything else. */
class SdpFuzzTest {
    @Test
    void mutatedOffersAreAnsweredOrRefusedCleanly() throws Exception {
        String offer = SdpNegotiatorTest.chromeOffer();
        Random random = new Random(8866);
        String alphabet = "v=ma:; /0123456789\r\n-HOPUS";
        for (int round = 0; round < 5_000; round++) {
            StringBuilder s = new StringBuilder(offer);
            int mutations = 1 + random.nextInt(6);
            for (int i = 0; i < mutations; i++) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(4)) {
                    case 0 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> s.deleteCharAt(at);
                    case 2 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> s.setLength(at);
                }
                if (s.isEmpty()) {
                    break;
                }
            }
            try {
                SdpNegotiator.answer(s.toString(), SdpNegotiatorTest.media(100), SdpNegotiatorTest.TRANSPORT);
            } catch (SdpException expected) {
                // refused with a reason
            } catch (RuntimeException e) {
                fail("round " + round + ": " + e + "\n" + s);
            }
            try {
                SdpNegotiator.acceptAnswer(s.toString(), "v=0");
            } catch (SdpException expected) {
                // refused with a reason
            } catch (RuntimeException e) {
                fail("answer round " + round + ": " + e);
            }
        }
    }
}
