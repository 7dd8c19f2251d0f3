package io.braid.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdpNegotiatorTest {
    static final LocalTransport TRANSPORT = new LocalTransport("ourUfrag12345678", "ourPasswordIsLongEnough1234567", "AA:BB:CC",
            List.of("candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host"));

    static String chromeOffer() throws IOException {
        try (InputStream in = SdpNegotiatorTest.class.getResourceAsStream("/chrome-whep-offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\n", "\r\n");
        }
    }

    static LocalMedia media(int profile) {
        return new LocalMedia("live1", "braid", 0x11111111, 0x22222222, profile, true);
    }

    @Test
    void answersChromesOfferWithTheH264FormatOfTheStreamsProfileAndOpus() throws Exception {
        Negotiated n = SdpNegotiator.answer(chromeOffer(), media(100), TRANSPORT);
        assertEquals(112, n.videoPayloadType());
        assertEquals(111, n.audioPayloadType());
        assertEquals("0", n.videoMid());
        assertEquals("1", n.audioMid());
        assertEquals(DtlsRole.CLIENT, n.localRole(), "actpass: we are active");
        assertEquals("Kx7F", n.remoteUfrag());
        assertEquals("sha-256", n.remoteFingerprintAlgorithm());
        SessionDescription answer = SessionDescription.parse(n.localSdp());
        assertEquals("", answer.attribute("ice-lite"));
        assertEquals("BUNDLE 0 1", answer.attribute("group"));
        MediaDescription video = answer.media().get(0);
        assertEquals(List.of("112"), video.formats());
        assertEquals("sendonly", video.direction());
        assertEquals("active", video.attribute("setup"));
        assertEquals("112 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f", video.attribute("fmtp"));
        assertTrue(video.attributes("candidate").contains("1 1 udp 2130706431 127.0.0.1 50000 typ host"));
        assertEquals(List.of("111"), answer.media().get(1).formats());

        assertEquals(106, SdpNegotiator.answer(chromeOffer(), media(66), TRANSPORT).videoPayloadType(), "baseline: constrained baseline");
        assertEquals(127, SdpNegotiator.answer(chromeOffer(), media(77), TRANSPORT).videoPayloadType(), "main");
    }

    @Test
    void passiveAndActiveOffersGiveTheOtherRole() throws Exception {
        Negotiated n = SdpNegotiator.answer(chromeOffer().replace("a=setup:actpass", "a=setup:passive"), media(100), TRANSPORT);
        assertEquals(DtlsRole.CLIENT, n.localRole());
        assertTrue(n.localSdp().contains("a=setup:active"));
        Negotiated a = SdpNegotiator.answer(chromeOffer().replace("a=setup:actpass", "a=setup:active"), media(100), TRANSPORT);
        assertEquals(DtlsRole.SERVER, a.localRole());
        assertTrue(a.localSdp().contains("a=setup:passive"));
    }

    @Test
    void offersBraidCannotServeAreRefusedWithTheReason() throws Exception {
        String noH264 = chromeOffer().replaceAll("(?m)^a=(rtpmap|fmtp|rtcp-fb):(102|104|106|108|127|39|112) .*\r\n", "");
        SdpException e = assertThrows(SdpException.class, () -> SdpNegotiator.answer(noH264, media(100), TRANSPORT));
        assertTrue(e.getMessage().contains("H.264"), e.getMessage());
        String noOpus = chromeOffer().replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 foo/48000/2");
        assertTrue(assertThrows(SdpException.class, () -> SdpNegotiator.answer(noOpus, media(100), TRANSPORT)).getMessage().contains("Opus"));
        String publishing = chromeOffer().replace("a=recvonly", "a=sendonly");
        assertTrue(assertThrows(SdpException.class, () -> SdpNegotiator.answer(publishing, media(100), TRANSPORT)).getMessage().contains("recvonly"));
        String noFingerprint = chromeOffer().replaceAll("(?m)^a=fingerprint.*\r\n", "");
        assertTrue(assertThrows(SdpException.class, () -> SdpNegotiator.answer(noFingerprint, media(100), TRANSPORT)).getMessage().contains("fingerprint"));
        assertThrows(SdpException.class, () -> SdpNegotiator.answer("hello", media(100), TRANSPORT));
        assertThrows(SdpException.class, () -> SdpNegotiator.answer("v=0\r\n" + "a=x\r\n".repeat(20_000), media(100), TRANSPORT));
    }

    @Test
    void ourOfferAndTheBrowsersAnswer() throws Exception {
        String offer = SdpNegotiator.offer(media(100), TRANSPORT);
        SessionDescription parsed = SessionDescription.parse(offer);
        assertEquals(2, parsed.media().size());
        assertEquals("actpass", parsed.media().get(0).attribute("setup"));
        String answer = chromeOffer().replace("a=setup:actpass", "a=setup:active").replace("a=recvonly", "a=recvonly");
        // A browser's answer names our payload types; the sample offer stands in with its own.
        Negotiated n = SdpNegotiator.acceptAnswer(answer, offer);
        assertEquals(DtlsRole.SERVER, n.localRole());
        assertEquals(offer, n.localSdp());
        assertEquals(DtlsRole.CLIENT, SdpNegotiator.acceptAnswer(answer.replace("a=setup:active", "a=setup:passive"), offer).localRole());
        assertThrows(SdpException.class, () -> SdpNegotiator.acceptAnswer(answer.replace("a=setup:active", "a=setup:actpass"), offer));
    }
}
