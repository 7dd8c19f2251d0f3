package io.braid.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated, truncated and oversized SRTP/SRTCP packets (their RTP headers' CSRC counts and extension lengths
 * included): unprotecting only ever refuses with an {@link SrtpException}, never reads outside the packet, and never
 * accepts a packet that was changed.
 */
class SrtpFuzzTest {
    @Test
    void mutatedPacketsAreRefusedAndNeverAccepted() {
        Random random = new Random(3711);
        for (SrtpProfile profile : SrtpProfile.values()) {
            SrtpKeys keys = new SrtpKeys(profile, new byte[profile.keyLength], new byte[profile.saltLength]);
            SrtpContext sender = new SrtpContext(keys);
            int accepted = 0;
            for (int round = 0; round < 20_000; round++) {
                byte[] rtp = SrtpVectorsTest.rtp(round & 0xFFFF, round * 3000L, 0x5151);
                if (round % 3 == 0) {
                    rtp[0] = (byte) (0x90 | (rtp[0] & 0x0F)); // a header extension: 0xBEDE, 1 word
                    rtp[12] = (byte) 0xBE;
                    rtp[13] = (byte) 0xDE;
                    rtp[14] = 0;
                    rtp[15] = 1;
                }
                byte[] packet = Arrays.copyOf(rtp, rtp.length + sender.rtpOverhead());
                int length = sender.protectRtp(packet, 0, rtp.length);
                byte[] mutated = Arrays.copyOf(packet, length);
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                }
                int cut = random.nextInt(4) == 0 ? random.nextInt(mutated.length + 1) : mutated.length;
                boolean changed = !Arrays.equals(Arrays.copyOf(mutated, cut), Arrays.copyOf(packet, length));
                SrtpContext receiver = new SrtpContext(keys);
                try {
                    receiver.unprotectRtp(mutated, 0, cut);
                    if (changed) {
                        accepted++;
                    }
                } catch (SrtpException expected) {
                    // refused
                } catch (RuntimeException e) {
                    fail(profile + " round " + round + ": " + e);
                }
                try {
                    receiver.unprotectRtcp(mutated, 0, cut);
                } catch (SrtpException expected) {
                    // refused
                } catch (RuntimeException e) {
                    fail(profile + " RTCP round " + round + ": " + e);
                }
            }
            assertEquals(0, accepted, profile + ": changed packets that passed authentication");
        }
    }
}
