package io.braid.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The published vectors: RFC 3711 appendix B.2 (AES-CM keystream) and B.3 (key derivation), RFC 7714 sections 16.1
 * and 17.1/17.3 (AES-GCM SRTP and SRTCP), and libsrtp's full-packet reference values for both profiles
 * ({@code test/srtp_driver.c}).
 */
class SrtpVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    @Test
    void rfc3711KeyDerivation() {
        SrtpKeys keys = new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, hex("e1f97a0d3e018be0d64fa32c06de4139"), hex("0ec675ad498afeebb6960b3aabe6"));
        assertEquals("c61e7a93744f39ee10734afe3ff7a087", HEX.formatHex(KeyDerivation.derive(keys, KeyDerivation.SRTP_ENCRYPTION, 16)));
        assertEquals("30cbbc08863d8c85d49db34a9ae1", HEX.formatHex(KeyDerivation.derive(keys, KeyDerivation.SRTP_SALT, 14)));
        assertEquals("cebe321f6ff7716b6fd4ab49af256a156d38baa48f0a0acf3c34e2359e6cdbcee049646c43d9327ad175578ef72270986371c10c9a369ac2f94a8c5fbcdddc256d6e919a48b610ef17c2041e474035766b68642c59bbfc2f34db60dbdfb2",
                HEX.formatHex(KeyDerivation.derive(keys, KeyDerivation.SRTP_AUTHENTICATION, 94)));
    }

    @Test
    void rfc3711CounterModeKeystream() {
        // SSRC 0, sequence 0, ROC 0: the IV is the salt, so a zero payload encrypts to the keystream itself.
        SrtpContext context = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, hex("2b7e151628aed2a6abf7158809cf4f3c"),
                hex("f0f1f2f3f4f5f6f7f8f9fafbfcfd"), new byte[20], new byte[16], new byte[14], new byte[20]);
        byte[] packet = new byte[12 + 48 + 10];
        packet[0] = (byte) 0x80;
        context.protectRtp(packet, 0, 60);
        assertEquals("e03ead0935c95e80e166b16dd92b4eb4" + "d23513162b02d0f72a43a2fe4a5f97ab" + "41e95b3bb0a2e8dd477901e4fca894c0",
                HEX.formatHex(Arrays.copyOfRange(packet, 12, 60)));
    }

    @Test
    void libsrtpAesCmPacket() throws SrtpException {
        SrtpKeys keys = new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, hex("e1f97a0d3e018be0d64fa32c06de4139"), hex("0ec675ad498afeebb6960b3aabe6"));
        checkPacket(keys, "800f1234decafbadcafebabeabababababababababababababababab",
                "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb",
                "81c8000bcafebabeabababababababababababababababab",
                "81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");
    }

    @Test
    void libsrtpAesGcmPacket() throws SrtpException {
        SrtpKeys keys = new SrtpKeys(SrtpProfile.AEAD_AES_128_GCM, hex("000102030405060708090a0b0c0d0e0f"), hex("a0a1a2a3a4a5a6a7a8a9aaab"));
        checkPacket(keys, "800f1234decafbadcafebabeabababababababababababababababab",
                "800f1234decafbadcafebabec5002ede04cfdd2eb91159e0880aa06ed2976826f796b201df3131a127e8a392",
                "81c8000bcafebabeabababababababababababababababab",
                "81c8000bcafebabec98b8b5df0392a55852b6c21ac8e7025c52c6fbea2b3b446ea31123ba88ce61e80000001");
    }

    private static void checkPacket(SrtpKeys keys, String rtp, String srtp, String rtcp, String srtcp) throws SrtpException {
        SrtpContext sender = new SrtpContext(keys);
        byte[] buf = Arrays.copyOf(hex(rtp), hex(rtp).length + sender.rtpOverhead());
        int n = sender.protectRtp(buf, 0, hex(rtp).length);
        assertEquals(srtp, HEX.formatHex(buf, 0, n));
        // libsrtp's first SRTCP packet carries index 1.
        sender.nextRtcpIndex(0xcafebabe, 1);
        byte[] rbuf = Arrays.copyOf(hex(rtcp), hex(rtcp).length + sender.rtcpOverhead());
        int rn = sender.protectRtcp(rbuf, 0, hex(rtcp).length);
        assertEquals(srtcp, HEX.formatHex(rbuf, 0, rn));

        SrtpContext receiver = new SrtpContext(keys);
        byte[] in = hex(srtp);
        assertEquals(rtp, HEX.formatHex(in, 0, receiver.unprotectRtp(in, 0, in.length)));
        byte[] rin = hex(srtcp);
        assertEquals(rtcp, HEX.formatHex(rin, 0, receiver.unprotectRtcp(rin, 0, rin.length)));
    }

    private static SrtpContext rfc7714() {
        byte[] key = hex("000102030405060708090a0b0c0d0e0f");
        byte[] salt = hex("517569642070726f2071756f");
        return new SrtpContext(SrtpProfile.AEAD_AES_128_GCM, key, salt, new byte[0], key, salt, new byte[0]);
    }

    @Test
    void rfc7714SrtpEncryptionAndDecryption() throws SrtpException {
        String plain = "8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
        String sealed = "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce";
        byte[] buf = Arrays.copyOf(hex(plain), hex(plain).length + 16);
        int n = rfc7714().protectRtp(buf, 0, hex(plain).length);
        assertEquals(sealed, HEX.formatHex(buf, 0, n));
        byte[] in = hex(sealed);
        assertEquals(plain, HEX.formatHex(in, 0, rfc7714().unprotectRtp(in, 0, in.length)));
    }

    @Test
    void rfc7714SrtcpEncryptionAndTagOnly() throws SrtpException {
        String plain = "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
        String sealed = "81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4";
        SrtpContext sender = rfc7714();
        sender.nextRtcpIndex(0x4d617273, 0x5d4);
        byte[] buf = Arrays.copyOf(hex(plain), hex(plain).length + sender.rtcpOverhead());
        assertEquals(sealed, HEX.formatHex(buf, 0, sender.protectRtcp(buf, 0, hex(plain).length)));
        byte[] in = hex(sealed);
        assertEquals(plain, HEX.formatHex(in, 0, rfc7714().unprotectRtcp(in, 0, in.length)));
        // 17.3: E = 0, the whole packet authenticated but not encrypted.
        byte[] tagged = hex(plain + "841dd9683dd78ec92ae58790125f62b3000005d4");
        assertEquals(plain, HEX.formatHex(tagged, 0, rfc7714().unprotectRtcp(tagged, 0, tagged.length)));
    }

    @Test
    void tamperedAndReplayedPacketsAreRefused() throws SrtpException {
        for (SrtpProfile profile : SrtpProfile.values()) {
            SrtpKeys keys = new SrtpKeys(profile, new byte[profile.keyLength], new byte[profile.saltLength]);
            SrtpContext sender = new SrtpContext(keys);
            SrtpContext receiver = new SrtpContext(keys);
            byte[] packet = rtp(7, 1000, 0x1234);
            byte[] buf = Arrays.copyOf(packet, packet.length + sender.rtpOverhead());
            int n = sender.protectRtp(buf, 0, packet.length);
            byte[] tampered = Arrays.copyOf(buf, n);
            tampered[20] ^= 1;
            assertThrows(SrtpException.class, () -> receiver.unprotectRtp(tampered, 0, tampered.length), profile.name());
            byte[] good = Arrays.copyOf(buf, n);
            assertEquals(packet.length, receiver.unprotectRtp(good, 0, good.length));
            assertArrayEquals(packet, Arrays.copyOf(good, packet.length));
            byte[] replay = Arrays.copyOf(buf, n);
            assertThrows(SrtpException.class, () -> receiver.unprotectRtp(replay, 0, replay.length), profile.name());
            assertThrows(SrtpException.class, () -> receiver.unprotectRtp(new byte[5], 0, 5));
        }
    }

    @Test
    void rolloverCounterFollowsTheSequenceAcrossItsWrap() throws SrtpException {
        for (SrtpProfile profile : SrtpProfile.values()) {
            SrtpKeys keys = new SrtpKeys(profile, new byte[profile.keyLength], new byte[profile.saltLength]);
            SrtpContext sender = new SrtpContext(keys);
            SrtpContext receiver = new SrtpContext(keys);
            for (int i = 0; i < 70_000; i += 7) {
                int seq = (65_000 + i) & 0xFFFF;
                byte[] packet = rtp(seq, i, 0xABCD);
                byte[] buf = Arrays.copyOf(packet, packet.length + sender.rtpOverhead());
                int n = sender.protectRtp(buf, 0, packet.length);
                assertEquals(packet.length, receiver.unprotectRtp(buf, 0, n), "seq " + seq);
                assertArrayEquals(packet, Arrays.copyOf(buf, packet.length));
            }
        }
    }

    static byte[] rtp(int seq, long ts, int ssrc) {
        byte[] p = new byte[12 + 100];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[4] = (byte) (ts >>> 24);
        p[5] = (byte) (ts >>> 16);
        p[6] = (byte) (ts >>> 8);
        p[7] = (byte) ts;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (i * 31 + seq);
        }
        return p;
    }
}
