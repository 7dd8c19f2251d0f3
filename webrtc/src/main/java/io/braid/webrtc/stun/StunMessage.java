package io.braid.webrtc.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One decoded STUN message (RFC 8489): its type, transaction id and attributes, plus the raw bytes so that
 * MESSAGE-INTEGRITY and FINGERPRINT can be checked over exactly what arrived.
 */
public final class StunMessage {
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int HEADER_LENGTH = 20;
    /** Larger than any STUN message ICE sends; anything bigger is not ours. */
    public static final int MAX_LENGTH = 1500;
    private static final int FINGERPRINT_XOR = 0x5354554e;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;

    /** One attribute as it sits in {@link #raw}: its type, where its value starts and how long it is. */
    public record Attribute(int type, int offset, int length) {
    }

    private final byte[] raw;
    private final int type;
    private final byte[] transactionId;
    private final List<Attribute> attributes;
    /** Offset of MESSAGE-INTEGRITY's header, or -1. */
    private final int integrityAt;
    /** Offset of FINGERPRINT's header, or -1. */
    private final int fingerprintAt;

    private StunMessage(byte[] raw, int type, byte[] transactionId, List<Attribute> attributes, int integrityAt, int fingerprintAt) {
        this.raw = raw;
        this.type = type;
        this.transactionId = transactionId;
        this.attributes = attributes;
        this.integrityAt = integrityAt;
        this.fingerprintAt = fingerprintAt;
    }

    /** Whether a datagram's first bytes say STUN (RFC 7983: first byte 0-3, and the magic cookie). */
    public static boolean looksLikeStun(byte[] data, int offset, int length) {
        return length >= HEADER_LENGTH && (data[offset] & 0xC0) == 0 && readInt(data, offset + 4) == MAGIC_COOKIE;
    }

    /** Decodes one message; every length is checked against the datagram, so a lie never reads outside it. */
    public static StunMessage decode(byte[] data, int offset, int length) throws StunException {
        if (length < HEADER_LENGTH) {
            throw new StunException("shorter than a STUN header: " + length + " bytes");
        }
        if (length > MAX_LENGTH) {
            throw new StunException("STUN message of " + length + " bytes is over " + MAX_LENGTH);
        }
        if ((data[offset] & 0xC0) != 0) {
            throw new StunException("the first two bits of a STUN message must be zero");
        }
        if (readInt(data, offset + 4) != MAGIC_COOKIE) {
            throw new StunException("no STUN magic cookie");
        }
        int bodyLength = readShort(data, offset + 2);
        if (bodyLength % 4 != 0) {
            throw new StunException("STUN length " + bodyLength + " is not a multiple of 4");
        }
        if (HEADER_LENGTH + bodyLength != length) {
            throw new StunException("STUN length " + bodyLength + " does not match the datagram's " + (length - HEADER_LENGTH) + " bytes");
        }
        byte[] raw = new byte[length];
        System.arraycopy(data, offset, raw, 0, length);
        byte[] transactionId = new byte[12];
        System.arraycopy(raw, 8, transactionId, 0, 12);
        List<Attribute> attributes = new ArrayList<>();
        int integrityAt = -1;
        int fingerprintAt = -1;
        int at = HEADER_LENGTH;
        while (at < length) {
            if (at + 4 > length) {
                throw new StunException("truncated STUN attribute header at byte " + at);
            }
            int attrType = readShort(raw, at);
            int attrLength = readShort(raw, at + 2);
            int padded = (attrLength + 3) & ~3;
            if (at + 4 + padded > length) {
                throw new StunException("STUN attribute 0x" + Integer.toHexString(attrType) + " of " + attrLength + " bytes runs past the message");
            }
            if (fingerprintAt >= 0) {
                throw new StunException("STUN attribute after FINGERPRINT");
            }
            if (integrityAt >= 0 && attrType != StunAttribute.FINGERPRINT) {
                // RFC 8489 14.5: attributes after MESSAGE-INTEGRITY (but FINGERPRINT) are ignored; we refuse them.
                throw new StunException("STUN attribute 0x" + Integer.toHexString(attrType) + " after MESSAGE-INTEGRITY");
            }
            if (attrType == StunAttribute.MESSAGE_INTEGRITY) {
                if (attrLength != 20) {
                    throw new StunException("MESSAGE-INTEGRITY must be 20 bytes, not " + attrLength);
                }
                integrityAt = at;
            } else if (attrType == StunAttribute.FINGERPRINT) {
                if (attrLength != 4) {
                    throw new StunException("FINGERPRINT must be 4 bytes, not " + attrLength);
                }
                fingerprintAt = at;
            }
            attributes.add(new Attribute(attrType, at + 4, attrLength));
            at += 4 + padded;
        }
        return new StunMessage(raw, readShort(raw, 0), transactionId, List.copyOf(attributes), integrityAt, fingerprintAt);
    }

    public int type() {
        return type;
    }

    public byte[] transactionId() {
        return transactionId.clone();
    }

    public List<Attribute> attributes() {
        return attributes;
    }

    public boolean has(int attributeType) {
        return find(attributeType) != null;
    }

    /** The value of the first attribute of that type, or null. */
    public byte[] value(int attributeType) {
        Attribute a = find(attributeType);
        if (a == null) {
            return null;
        }
        byte[] out = new byte[a.length()];
        System.arraycopy(raw, a.offset(), out, 0, a.length());
        return out;
    }

    /** USERNAME as text, or null. */
    public String username() {
        byte[] v = value(StunAttribute.USERNAME);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** PRIORITY, or -1 when absent. */
    public long priority() {
        Attribute a = find(StunAttribute.PRIORITY);
        return a == null || a.length() != 4 ? -1 : readInt(raw, a.offset()) & 0xFFFFFFFFL;
    }

    /** XOR-MAPPED-ADDRESS (IPv4 or IPv6), or null when absent. */
    public InetSocketAddress xorMappedAddress() throws StunException {
        Attribute a = find(StunAttribute.XOR_MAPPED_ADDRESS);
        if (a == null) {
            return null;
        }
        int family = raw[a.offset() + 1] & 0xFF;
        int addressLength = family == 1 ? 4 : family == 2 ? 16 : -1;
        if (addressLength < 0 || a.length() != 4 + addressLength) {
            throw new StunException("XOR-MAPPED-ADDRESS has family " + family + " and " + a.length() + " bytes");
        }
        int port = readShort(raw, a.offset() + 2) ^ (MAGIC_COOKIE >>> 16);
        byte[] address = new byte[addressLength];
        for (int i = 0; i < addressLength; i++) {
            address[i] = (byte) (raw[a.offset() + 4 + i] ^ raw[4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new StunException("XOR-MAPPED-ADDRESS: " + e.getMessage());
        }
    }

    public boolean hasIntegrity() {
        return integrityAt >= 0;
    }

    public boolean hasFingerprint() {
        return fingerprintAt >= 0;
    }

    /** Checks MESSAGE-INTEGRITY with a short-term credential (the ICE password's bytes). */
    public boolean integrityMatches(byte[] key) {
        if (integrityAt < 0) {
            return false;
        }
        byte[] expected = hmacSha1(key, raw, integrityAt, integrityAt + 24 - HEADER_LENGTH);
        byte[] actual = new byte[20];
        System.arraycopy(raw, integrityAt + 4, actual, 0, 20);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Checks FINGERPRINT, the CRC-32 that tells STUN from other protocols on the same port. */
    public boolean fingerprintMatches() {
        if (fingerprintAt < 0) {
            return false;
        }
        return fingerprint(raw, fingerprintAt, fingerprintAt + 8 - HEADER_LENGTH) == readInt(raw, fingerprintAt + 4);
    }

    private Attribute find(int attributeType) {
        for (Attribute a : attributes) {
            if (a.type() == attributeType) {
                return a;
            }
        }
        return null;
    }

    /**
     * HMAC-SHA1 over {@code message[0, end)} as if the header's length field said {@code lengthField} (RFC 8489
     * 14.5: the length covers MESSAGE-INTEGRITY itself but not what follows).
     */
    static byte[] hmacSha1(byte[] key, byte[] message, int end, int lengthField) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
            mac.update(message, 0, 2);
            mac.update(new byte[] {(byte) (lengthField >>> 8), (byte) lengthField});
            mac.update(message, 4, end - 4);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    static int fingerprint(byte[] message, int end, int lengthField) {
        CRC32 crc = new CRC32();
        crc.update(message, 0, 2);
        crc.update(new byte[] {(byte) (lengthField >>> 8), (byte) lengthField});
        crc.update(message, 4, end - 4);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    static int readShort(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return "STUN 0x" + Integer.toHexString(type) + " " + attributes.size() + " attributes";
    }
}
