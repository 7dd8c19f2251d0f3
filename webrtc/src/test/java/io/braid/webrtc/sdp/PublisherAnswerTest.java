package io.braid.webrtc.sdp;

import static io.braid.webrtc.sdp.SdpNegotiatorTest.TRANSPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers to WHIP publishers' offers: FFmpeg 8's (captured from the bundled binary) and Chrome's. */
class PublisherAnswerTest {
    static String resource(String name) throws IOException {
        try (InputStream in = PublisherAnswerTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        }
    }

    /** Chrome's WHEP offer turned into a publisher's: the same codecs and extensions, sendonly. */
    static String chromePublisherOffer() throws IOException {
        return resource("/chrome-whep-offer.sdp").replace("a=recvonly", "a=sendonly");
    }

    @Test
    void answersFfmpegsOfferAsTheDtlsClientReceivingH264AndOpus() throws Exception {
        Negotiated n = SdpNegotiator.answerPublisher(resource("/ffmpeg-whip-offer.sdp"), TRANSPORT, "braid");
        assertEquals(DtlsRole.CLIENT, n.localRole(), "ffmpeg offers setup:passive");
        assertEquals(106, n.videoPayloadType());
        assertEquals(111, n.audioPayloadType());
        assertEquals("1", n.videoMid());
        assertEquals("0", n.audioMid());
        assertEquals(-1, n.transportCcExtension(), "ffmpeg offers no transport-cc");
        assertEquals("def21191", n.remoteUfrag());
        SessionDescription answer = SessionDescription.parse(n.localSdp());
        assertEquals("BUNDLE 0 1", answer.attribute("group"));
        MediaDescription audio = answer.media().get(0);
        MediaDescription video = answer.media().get(1);
        assertEquals("audio", audio.kind());
        assertEquals(List.of("111"), audio.formats());
        assertEquals("recvonly", audio.direction());
        assertEquals("active", audio.attribute("setup"));
        assertEquals(List.of("106"), video.formats(), "RTX is not taken");
        assertEquals("recvonly", video.direction());
        assertTrue(video.has("rtcp-rsize"));
        assertTrue(video.attributes("rtcp-fb").contains("106 nack pli"));
        assertTrue(video.attributes("candidate").contains("1 1 udp 2130706431 127.0.0.1 50000 typ host"));
        assertEquals("ourUfrag12345678", video.attribute("ice-ufrag"));
    }

    @Test
    void answersChromesOfferWithTransportWideFeedback() throws Exception {
        Negotiated n = SdpNegotiator.answerPublisher(chromePublisherOffer(), TRANSPORT, "braid");
        assertEquals(DtlsRole.CLIENT, n.localRole(), "actpass: we are active");
        assertEquals(4, n.transportCcExtension());
        assertEquals(112, n.videoPayloadType(), "High profile preferred");
        SessionDescription answer = SessionDescription.parse(n.localSdp());
        MediaDescription video = answer.media().get(0);
        assertTrue(video.attributes("extmap").contains("4 " + SdpNegotiator.TRANSPORT_CC_URI));
        assertTrue(video.attributes("rtcp-fb").contains("112 transport-cc"));
        assertEquals(1, video.attributes("extmap").size(), "only the extension we read is echoed");

        Negotiated active = SdpNegotiator.answerPublisher(chromePublisherOffer().replace("a=setup:actpass", "a=setup:active"), TRANSPORT, "braid");
        assertEquals(DtlsRole.SERVER, active.localRole());
        assertTrue(active.localSdp().contains("a=setup:passive"));
    }

    @Test
    void videoWithoutH264IsRefusedNamingWhatWasOffered() throws Exception {
        String vp8Only = resource("/ffmpeg-whip-offer.sdp").replace("H264/90000", "VP8/90000");
        SdpException e = assertThrows(SdpException.class, () -> SdpNegotiator.answerPublisher(vp8Only, TRANSPORT, "braid"));
        assertTrue(e.getMessage().contains("vp8") && e.getMessage().contains("H.264"), e.getMessage());
        assertFalse(e.getMessage().contains("rtx"), e.getMessage());

        String singleNalOnly = resource("/ffmpeg-whip-offer.sdp").replace("packetization-mode=1", "packetization-mode=0");
        assertTrue(assertThrows(SdpException.class, () -> SdpNegotiator.answerPublisher(singleNalOnly, TRANSPORT, "braid")).getMessage()
                .contains("packetization-mode=1"));
    }

    @Test
    void aViewersOfferOrOneWithoutRtcpMuxIsRefused() throws Exception {
        assertTrue(assertThrows(SdpException.class, () -> SdpNegotiator.answerPublisher(resource("/chrome-whep-offer.sdp"), TRANSPORT, "braid"))
                .getMessage().contains("sendonly"));
        String noMux = resource("/ffmpeg-whip-offer.sdp").replace("a=rtcp-mux\r\n", "");
        assertTrue(assertThrows(SdpException.class, () -> SdpNegotiator.answerPublisher(noMux, TRANSPORT, "braid")).getMessage()
                .contains("rtcp-mux"));
    }

    @Test
    void audioThatIsNotOpusIsRejectedButVideoStillTaken() throws Exception {
        String pcmu = resource("/ffmpeg-whip-offer.sdp").replace("UDP/TLS/RTP/SAVPF 111", "UDP/TLS/RTP/SAVPF 0")
                .replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:0 PCMU/8000");
        Negotiated n = SdpNegotiator.answerPublisher(pcmu, TRANSPORT, "braid");
        assertEquals(-1, n.audioPayloadType());
        SessionDescription answer = SessionDescription.parse(n.localSdp());
        assertEquals(0, answer.media().get(0).port(), "audio rejected with port 0");
        assertEquals("BUNDLE 1", answer.attribute("group"));
    }
}
