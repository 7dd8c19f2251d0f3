package io.braid.webrtc.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 5769's test vectors, and our writer read back by our reader. */
class StunMessageTest {
    static final byte[] PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);
    static final byte[] REQUEST = HexFormat.of().parseHex("000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf");
    static final byte[] RESPONSE = HexFormat.of().parseHex("0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96");
    static final byte[] RESPONSE_V6 = HexFormat.of().parseHex("010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c");

    @Test
    void rfc5769SampleRequest() throws StunException {
        StunMessage m = StunMessage.decode(REQUEST, 0, REQUEST.length);
        assertEquals(StunMessage.BINDING_REQUEST, m.type());
        assertEquals("evtj:h6vY", m.username());
        assertEquals(0x6e0001ffL, m.priority());
        assertTrue(m.has(StunAttribute.ICE_CONTROLLED));
        assertTrue(m.integrityMatches(PASSWORD));
        assertFalse(m.integrityMatches("wrong".getBytes(StandardCharsets.UTF_8)));
        assertTrue(m.fingerprintMatches());
    }

    @Test
    void rfc5769SampleResponses() throws Exception {
        StunMessage v4 = StunMessage.decode(RESPONSE, 0, RESPONSE.length);
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853), v4.xorMappedAddress());
        assertTrue(v4.integrityMatches(PASSWORD));
        assertTrue(v4.fingerprintMatches());
        StunMessage v6 = StunMessage.decode(RESPONSE_V6, 0, RESPONSE_V6.length);
        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853), v6.xorMappedAddress());
        assertTrue(v6.integrityMatches(PASSWORD));
        assertTrue(v6.fingerprintMatches());
    }

    @Test
    void writerOutputReadsBackAndVerifies() throws Exception {
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 50123);
        byte[] id = new byte[12];
        id[3] = 9;
        byte[] bytes = new StunMessageWriter(StunMessage.BINDING_SUCCESS, id).xorMappedAddress(from).buildSigned(PASSWORD);
        StunMessage m = StunMessage.decode(bytes, 0, bytes.length);
        assertEquals(StunMessage.BINDING_SUCCESS, m.type());
        assertEquals(from, m.xorMappedAddress());
        assertTrue(m.integrityMatches(PASSWORD));
        assertTrue(m.fingerprintMatches());

        byte[] request = StunMessageWriter.request(StunMessage.BINDING_REQUEST).username("abcd:efgh").priority(12345)
                .tieBreaker(StunAttribute.ICE_CONTROLLING, 42).flag(StunAttribute.USE_CANDIDATE).buildSigned(PASSWORD);
        StunMessage r = StunMessage.decode(request, 0, request.length);
        assertEquals("abcd:efgh", r.username());
        assertEquals(12345, r.priority());
        assertTrue(r.has(StunAttribute.USE_CANDIDATE));
        assertTrue(r.integrityMatches(PASSWORD));
    }

    @Test
    void structuralLiesAreRefused() {
        byte[] shortLength = REQUEST.clone();
        shortLength[3] = 0x54; // says 84 bytes of attributes, 88 follow
        assertThrows(StunException.class, () -> StunMessage.decode(shortLength, 0, shortLength.length));
        byte[] noCookie = REQUEST.clone();
        noCookie[4] = 0;
        assertThrows(StunException.class, () -> StunMessage.decode(noCookie, 0, noCookie.length));
        byte[] longAttribute = REQUEST.clone();
        longAttribute[22] = 0x7F; // SOFTWARE claims 32 KiB
        assertThrows(StunException.class, () -> StunMessage.decode(longAttribute, 0, longAttribute.length));
        assertThrows(StunException.class, () -> StunMessage.decode(REQUEST, 0, 19));
        assertThrows(StunException.class, () -> StunMessage.decode(new byte[4000], 0, 4000));
    }
}
