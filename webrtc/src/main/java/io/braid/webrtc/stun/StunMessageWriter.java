package io.braid.webrtc.stun;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** Builds one STUN message: attributes in order, then MESSAGE-INTEGRITY and FINGERPRINT when asked. */
public final class StunMessageWriter {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(128);
    private final int type;
    private final byte[] transactionId;

    public StunMessageWriter(int type, byte[] transactionId) {
        if (transactionId.length != 12) {
            throw new IllegalArgumentException("a STUN transaction id has 12 bytes");
        }
        this.type = type;
        this.transactionId = transactionId.clone();
    }

    /** A new request with a random transaction id. */
    public static StunMessageWriter request(int type) {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return new StunMessageWriter(type, id);
    }

    public StunMessageWriter attribute(int attributeType, byte[] value) {
        body.write(attributeType >>> 8);
        body.write(attributeType);
        body.write(value.length >>> 8);
        body.write(value.length);
        body.writeBytes(value);
        for (int pad = (4 - value.length % 4) % 4; pad > 0; pad--) {
            body.write(0);
        }
        return this;
    }

    public StunMessageWriter username(String username) {
        return attribute(StunAttribute.USERNAME, username.getBytes(StandardCharsets.UTF_8));
    }

    public StunMessageWriter priority(long priority) {
        return attribute(StunAttribute.PRIORITY, intBytes((int) priority));
    }

    public StunMessageWriter flag(int attributeType) {
        return attribute(attributeType, new byte[0]);
    }

    public StunMessageWriter tieBreaker(int attributeType, long tieBreaker) {
        byte[] v = new byte[8];
        for (int i = 0; i < 8; i++) {
            v[i] = (byte) (tieBreaker >>> (56 - 8 * i));
        }
        return attribute(attributeType, v);
    }

    public StunMessageWriter errorCode(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[4 + text.length];
        v[2] = (byte) (code / 100);
        v[3] = (byte) (code % 100);
        System.arraycopy(text, 0, v, 4, text.length);
        return attribute(StunAttribute.ERROR_CODE, v);
    }

    /** XOR-MAPPED-ADDRESS: the address the request came from, as the peer-reflexive candidate the client learns. */
    public StunMessageWriter xorMappedAddress(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        byte[] v = new byte[4 + ip.length];
        v[1] = (byte) (ip.length == 4 ? 1 : 2);
        int port = address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16);
        v[2] = (byte) (port >>> 8);
        v[3] = (byte) port;
        byte[] xor = new byte[16];
        System.arraycopy(intBytes(StunMessage.MAGIC_COOKIE), 0, xor, 0, 4);
        System.arraycopy(transactionId, 0, xor, 4, 12);
        for (int i = 0; i < ip.length; i++) {
            v[4 + i] = (byte) (ip[i] ^ xor[i]);
        }
        return attribute(StunAttribute.XOR_MAPPED_ADDRESS, v);
    }

    /** The message without integrity or fingerprint. */
    public byte[] build() {
        return assemble(body.toByteArray());
    }

    /** The message with MESSAGE-INTEGRITY (key = the ICE password's bytes) and FINGERPRINT. */
    public byte[] buildSigned(byte[] integrityKey) {
        byte[] attrs = body.toByteArray();
        byte[] withRoom = assemble(concat(attrs, new byte[24 + 8]));
        int integrityAt = StunMessage.HEADER_LENGTH + attrs.length;
        byte[] mac = StunMessage.hmacSha1(integrityKey, withRoom, integrityAt, attrs.length + 24);
        writeAttributeHeader(withRoom, integrityAt, StunAttribute.MESSAGE_INTEGRITY, 20);
        System.arraycopy(mac, 0, withRoom, integrityAt + 4, 20);
        int fingerprintAt = integrityAt + 24;
        int crc = StunMessage.fingerprint(withRoom, fingerprintAt, attrs.length + 32);
        writeAttributeHeader(withRoom, fingerprintAt, StunAttribute.FINGERPRINT, 4);
        System.arraycopy(intBytes(crc), 0, withRoom, fingerprintAt + 4, 4);
        return withRoom;
    }

    private byte[] assemble(byte[] attrs) {
        byte[] out = new byte[StunMessage.HEADER_LENGTH + attrs.length];
        out[0] = (byte) (type >>> 8);
        out[1] = (byte) type;
        out[2] = (byte) (attrs.length >>> 8);
        out[3] = (byte) attrs.length;
        System.arraycopy(intBytes(StunMessage.MAGIC_COOKIE), 0, out, 4, 4);
        System.arraycopy(transactionId, 0, out, 8, 12);
        System.arraycopy(attrs, 0, out, StunMessage.HEADER_LENGTH, attrs.length);
        return out;
    }

    private static void writeAttributeHeader(byte[] out, int at, int attributeType, int length) {
        out[at] = (byte) (attributeType >>> 8);
        out[at + 1] = (byte) attributeType;
        out[at + 2] = (byte) (length >>> 8);
        out[at + 3] = (byte) length;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
