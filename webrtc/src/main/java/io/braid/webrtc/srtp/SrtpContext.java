package io.braid.webrtc.srtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SRTP and SRTCP for one direction of one DTLS association (RFC 3711, RFC 7714), in place on byte arrays.
 *
 * <p>One context per direction: the sending side only protects, the receiving side only unprotects. Not thread-safe:
 * a session's packets go through its context on one thread, which is also why it can keep its cipher objects and
 * scratch buffers instead of allocating per packet.
 */
public final class SrtpContext {
    /** RFC 3711 section 3.3.2: packets older than the newest by this many are refused as possible replays. */
    private static final int REPLAY_WINDOW = 64;
    private static final int SRTCP_TRAILER = 4;

    private final SrtpProfile profile;
    private final SecretKeySpec rtpKey;
    private final byte[] rtpSalt;
    private final SecretKeySpec rtcpKey;
    private final byte[] rtcpSalt;
    private final Cipher rtpCipher;
    private final Cipher rtcpCipher;
    private final Mac rtpMac;
    private final Mac rtcpMac;
    private final Map<Integer, SsrcState> ssrcs = new HashMap<>();
    /** The state of the SSRC seen last: a sender alternates between two, so most packets skip the map. */
    private int lastSsrc;
    private SsrcState lastState;
    private final byte[] iv = new byte[16];
    private byte[] keystream = new byte[2048];
    private byte[] counters = new byte[2048];
    private final byte[] tag = new byte[20];

    public SrtpContext(SrtpKeys keys) {
        this(keys.profile(),
                KeyDerivation.derive(keys, KeyDerivation.SRTP_ENCRYPTION, keys.profile().keyLength),
                KeyDerivation.derive(keys, KeyDerivation.SRTP_SALT, keys.profile().saltLength),
                KeyDerivation.derive(keys, KeyDerivation.SRTP_AUTHENTICATION, 20),
                KeyDerivation.derive(keys, KeyDerivation.SRTCP_ENCRYPTION, keys.profile().keyLength),
                KeyDerivation.derive(keys, KeyDerivation.SRTCP_SALT, keys.profile().saltLength),
                KeyDerivation.derive(keys, KeyDerivation.SRTCP_AUTHENTICATION, 20));
    }

    /** From session keys directly (the RFC test vectors give those). */
    SrtpContext(SrtpProfile profile, byte[] rtpKeyBytes, byte[] rtpSalt, byte[] rtpAuthKey, byte[] rtcpKeyBytes, byte[] rtcpSalt,
            byte[] rtcpAuthKey) {
        this.profile = profile;
        try {
            rtpKey = new SecretKeySpec(rtpKeyBytes, "AES");
            this.rtpSalt = rtpSalt.clone();
            rtcpKey = new SecretKeySpec(rtcpKeyBytes, "AES");
            this.rtcpSalt = rtcpSalt.clone();
            if (profile.aead()) {
                rtpCipher = Cipher.getInstance("AES/GCM/NoPadding");
                rtcpCipher = Cipher.getInstance("AES/GCM/NoPadding");
                rtpMac = null;
                rtcpMac = null;
            } else {
                // Counter mode as AES-ECB over counter blocks: one cipher, initialised once, no per-packet init.
                rtpCipher = Cipher.getInstance("AES/ECB/NoPadding");
                rtpCipher.init(Cipher.ENCRYPT_MODE, rtpKey);
                rtcpCipher = Cipher.getInstance("AES/ECB/NoPadding");
                rtcpCipher.init(Cipher.ENCRYPT_MODE, rtcpKey);
                rtpMac = Mac.getInstance("HmacSHA1");
                rtpMac.init(new SecretKeySpec(rtpAuthKey, "HmacSHA1"));
                rtcpMac = Mac.getInstance("HmacSHA1");
                rtcpMac.init(new SecretKeySpec(rtcpAuthKey, "HmacSHA1"));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES, AES-GCM and HmacSHA1 are part of every JDK", e);
        }
    }

    /** Test hook: the SRTCP index the next protected packet of {@code ssrc} carries. */
    void nextRtcpIndex(int ssrc, int index) {
        ssrcs.computeIfAbsent(ssrc, s -> new SsrcState()).rtcpSendIndex = index;
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Bytes {@link #protectRtp} appends. */
    public int rtpOverhead() {
        return profile.tagLength;
    }

    /** Bytes {@link #protectRtcp} appends. */
    public int rtcpOverhead() {
        return profile.tagLength + SRTCP_TRAILER;
    }

    /**
     * Encrypts and authenticates {@code buf[off, off+len)}, an RTP packet, in place; the array must have
     * {@link #rtpOverhead()} bytes of room after it. Returns the SRTP packet's length.
     */
    public int protectRtp(byte[] buf, int off, int len) {
        int header = RtpHeaders.headerLength(buf, off, len);
        if (header < 0) {
            throw new IllegalArgumentException("not an RTP packet");
        }
        int ssrc = RtpHeaders.ssrc(buf, off);
        int seq = RtpHeaders.sequence(buf, off);
        SsrcState state = sendingState(ssrc);
        long index = state.estimate(seq);
        state.accept(index);
        int roc = (int) (index >>> 16);
        try {
            if (profile.aead()) {
                gcmIv(rtpSalt, ssrc, roc, seq);
                rtpCipher.init(Cipher.ENCRYPT_MODE, rtpKey, new GCMParameterSpec(profile.tagLength * 8, iv, 0, 12));
                rtpCipher.updateAAD(buf, off, header);
                return header + rtpCipher.doFinal(buf, off + header, len - header, buf, off + header);
            }
            cmIv(rtpSalt, ssrc, index << 16);
            xorKeystream(rtpCipher, buf, off + header, len - header);
            rtpMac.update(buf, off, len);
            rtpMac.update(intBytes(roc));
            rtpMac.doFinal(tag, 0);
            System.arraycopy(tag, 0, buf, off + len, profile.tagLength);
            return len + profile.tagLength;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTP protect", e);
        }
    }

    /** Authenticates and decrypts an SRTP packet in place; returns the RTP packet's length. */
    public int unprotectRtp(byte[] buf, int off, int len) throws SrtpException {
        int header = RtpHeaders.headerLength(buf, off, len);
        if (header < 0 || len < header + profile.tagLength) {
            throw new SrtpException("SRTP packet of " + len + " bytes is malformed or too short");
        }
        int ssrc = RtpHeaders.ssrc(buf, off);
        int seq = RtpHeaders.sequence(buf, off);
        SsrcState state = ssrcs.get(ssrc);
        boolean known = state != null;
        if (!known) {
            state = new SsrcState();
        }
        long index = state.estimate(seq);
        state.checkReplay(index);
        int roc = (int) (index >>> 16);
        int plain;
        try {
            if (profile.aead()) {
                gcmIv(rtpSalt, ssrc, roc, seq);
                rtpCipher.init(Cipher.DECRYPT_MODE, rtpKey, new GCMParameterSpec(profile.tagLength * 8, iv, 0, 12));
                rtpCipher.updateAAD(buf, off, header);
                plain = header + rtpCipher.doFinal(buf, off + header, len - header, buf, off + header);
            } else {
                int authenticated = len - profile.tagLength;
                rtpMac.update(buf, off, authenticated);
                rtpMac.update(intBytes(roc));
                rtpMac.doFinal(tag, 0);
                if (!MessageDigest.isEqual(slice(tag, profile.tagLength), slice(buf, off + authenticated, profile.tagLength))) {
                    throw new SrtpException("SRTP authentication failed");
                }
                cmIv(rtpSalt, ssrc, index << 16);
                xorKeystream(rtpCipher, buf, off + header, authenticated - header);
                plain = authenticated;
            }
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SrtpException("SRTP authentication failed");
        } catch (GeneralSecurityException e) {
            throw new SrtpException("SRTP: " + e.getMessage());
        }
        if (!known) {
            ssrcs.put(ssrc, state);
        }
        state.accept(index);
        return plain;
    }

    /**
     * Encrypts and authenticates a compound RTCP packet in place (room for {@link #rtcpOverhead()} after it); returns
     * the SRTCP packet's length.
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        if (len < 8) {
            throw new IllegalArgumentException("an RTCP packet has at least 8 bytes");
        }
        int ssrc = RtpHeaders.readInt(buf, off + 4);
        SsrcState state = ssrcs.computeIfAbsent(ssrc, s -> new SsrcState());
        int index = state.nextRtcpIndex();
        int eIndex = 0x80000000 | index;
        try {
            if (profile.aead()) {
                gcmRtcpIv(ssrc, index);
                rtcpCipher.init(Cipher.ENCRYPT_MODE, rtcpKey, new GCMParameterSpec(profile.tagLength * 8, iv, 0, 12));
                rtcpCipher.updateAAD(buf, off, 8);
                rtcpCipher.updateAAD(intBytes(eIndex));
                int sealed = rtcpCipher.doFinal(buf, off + 8, len - 8, buf, off + 8);
                writeInt(buf, off + 8 + sealed, eIndex);
                return 8 + sealed + SRTCP_TRAILER;
            }
            cmIv(rtcpSalt, ssrc, ((long) index) << 16);
            xorKeystream(rtcpCipher, buf, off + 8, len - 8);
            writeInt(buf, off + len, eIndex);
            rtcpMac.update(buf, off, len + SRTCP_TRAILER);
            rtcpMac.doFinal(tag, 0);
            System.arraycopy(tag, 0, buf, off + len + SRTCP_TRAILER, profile.tagLength);
            return len + SRTCP_TRAILER + profile.tagLength;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTCP protect", e);
        }
    }

    /** A protected copy of a compound RTCP packet, exactly as long as the SRTCP packet; the input is left as it is. */
    public synchronized byte[] protectRtcpCopy(byte[] compound) {
        byte[] buf = new byte[compound.length + rtcpOverhead()];
        System.arraycopy(compound, 0, buf, 0, compound.length);
        int length = protectRtcp(buf, 0, compound.length);
        return length == buf.length ? buf : java.util.Arrays.copyOf(buf, length);
    }

    /** Authenticates and decrypts an SRTCP packet in place; returns the compound RTCP packet's length. */
    public int unprotectRtcp(byte[] buf, int off, int len) throws SrtpException {
        if (len < 8 + SRTCP_TRAILER + profile.tagLength) {
            throw new SrtpException("SRTCP packet of " + len + " bytes is too short");
        }
        int ssrc = RtpHeaders.readInt(buf, off + 4);
        int eIndex;
        int bodyEnd;
        if (profile.aead()) {
            eIndex = RtpHeaders.readInt(buf, off + len - SRTCP_TRAILER);
            bodyEnd = len - SRTCP_TRAILER;
        } else {
            eIndex = RtpHeaders.readInt(buf, off + len - profile.tagLength - SRTCP_TRAILER);
            bodyEnd = len - profile.tagLength - SRTCP_TRAILER;
        }
        boolean encrypted = eIndex < 0;
        int index = eIndex & 0x7FFFFFFF;
        SsrcState state = ssrcs.get(ssrc);
        boolean known = state != null;
        if (!known) {
            state = new SsrcState();
        }
        state.checkRtcpReplay(index);
        int plain;
        try {
            if (profile.aead()) {
                gcmRtcpIv(ssrc, index);
                rtcpCipher.init(Cipher.DECRYPT_MODE, rtcpKey, new GCMParameterSpec(profile.tagLength * 8, iv, 0, 12));
                if (encrypted) {
                    rtcpCipher.updateAAD(buf, off, 8);
                    rtcpCipher.updateAAD(intBytes(eIndex));
                    plain = 8 + rtcpCipher.doFinal(buf, off + 8, bodyEnd - 8, buf, off + 8);
                } else {
                    // RFC 7714 9.2: an unencrypted SRTCP packet's whole body is associated data.
                    rtcpCipher.updateAAD(buf, off, bodyEnd - profile.tagLength);
                    rtcpCipher.updateAAD(intBytes(eIndex));
                    rtcpCipher.doFinal(buf, off + bodyEnd - profile.tagLength, profile.tagLength, new byte[0], 0);
                    plain = bodyEnd - profile.tagLength;
                }
            } else {
                rtcpMac.update(buf, off, bodyEnd + SRTCP_TRAILER);
                rtcpMac.doFinal(tag, 0);
                if (!MessageDigest.isEqual(slice(tag, profile.tagLength), slice(buf, off + bodyEnd + SRTCP_TRAILER, profile.tagLength))) {
                    throw new SrtpException("SRTCP authentication failed");
                }
                if (encrypted) {
                    cmIv(rtcpSalt, ssrc, ((long) index) << 16);
                    xorKeystream(rtcpCipher, buf, off + 8, bodyEnd - 8);
                }
                plain = bodyEnd;
            }
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SrtpException("SRTCP authentication failed");
        } catch (GeneralSecurityException e) {
            throw new SrtpException("SRTCP: " + e.getMessage());
        }
        if (!known) {
            ssrcs.put(ssrc, state);
        }
        state.acceptRtcp(index);
        return plain;
    }

    private SsrcState sendingState(int ssrc) {
        if (lastState != null && lastSsrc == ssrc) {
            return lastState;
        }
        SsrcState state = ssrcs.computeIfAbsent(ssrc, s -> new SsrcState());
        lastSsrc = ssrc;
        lastState = state;
        return state;
    }

    /** RFC 7714 8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt. */
    private void gcmIv(byte[] salt, int ssrc, int roc, int seq) {
        iv[0] = 0;
        iv[1] = 0;
        writeInt(iv, 2, ssrc);
        writeInt(iv, 6, roc);
        iv[10] = (byte) (seq >>> 8);
        iv[11] = (byte) seq;
        for (int i = 0; i < 12; i++) {
            iv[i] ^= salt[i];
        }
    }

    /** RFC 7714 9.1: IV = (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt. */
    private void gcmRtcpIv(int ssrc, int index) {
        iv[0] = 0;
        iv[1] = 0;
        writeInt(iv, 2, ssrc);
        iv[6] = 0;
        iv[7] = 0;
        writeInt(iv, 8, index & 0x7FFFFFFF);
        for (int i = 0; i < 12; i++) {
            iv[i] ^= rtcpSalt[i];
        }
    }

    /** RFC 3711 4.1.1: IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), the last 16 bits the block counter. */
    private void cmIv(byte[] salt, int ssrc, long shiftedIndex) {
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        for (int i = 0; i < 8; i++) {
            iv[8 + i] ^= (byte) (shiftedIndex >>> (56 - 8 * i));
        }
    }

    private void xorKeystream(Cipher ecb, byte[] buf, int from, int length) throws GeneralSecurityException {
        if (length <= 0) {
            return;
        }
        int blocks = (length + 15) / 16;
        int bytes = blocks * 16;
        if (counters.length < bytes) {
            counters = new byte[bytes];
            keystream = new byte[bytes];
        }
        for (int b = 0; b < blocks; b++) {
            int at = b * 16;
            System.arraycopy(iv, 0, counters, at, 14);
            int counter = ((iv[14] & 0xFF) << 8 | (iv[15] & 0xFF)) + b;
            counters[at + 14] = (byte) (counter >>> 8);
            counters[at + 15] = (byte) counter;
        }
        ecb.doFinal(counters, 0, bytes, keystream, 0);
        for (int i = 0; i < length; i++) {
            buf[from + i] ^= keystream[i];
        }
    }

    private static byte[] slice(byte[] b, int from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(b, from, out, 0, length);
        return out;
    }

    private static byte[] slice(byte[] b, int length) {
        return slice(b, 0, length);
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Per-SSRC rollover counter, replay windows and SRTCP index (RFC 3711 section 3.3.1, appendix A). */
    private static final class SsrcState {
        private boolean started;
        private long highestIndex;
        private long replayBits;
        private int rtcpSendIndex;
        private boolean rtcpStarted;
        private int rtcpHighest;
        private long rtcpReplayBits;

        long estimate(int seq) {
            if (!started) {
                return seq;
            }
            int roc = (int) (highestIndex >>> 16);
            int highestSeq = (int) (highestIndex & 0xFFFF);
            long v;
            if (highestSeq < 32768) {
                v = seq - highestSeq > 32768 ? roc - 1L : roc;
            } else {
                v = highestSeq - 32768 > seq ? roc + 1L : roc;
            }
            if (v < 0) {
                v = 0;
            }
            return (v << 16) | seq;
        }

        void checkReplay(long index) throws SrtpException {
            if (!started || index > highestIndex) {
                return;
            }
            long age = highestIndex - index;
            if (age >= REPLAY_WINDOW) {
                throw new SrtpException("SRTP packet " + index + " is older than the replay window");
            }
            if ((replayBits & (1L << age)) != 0) {
                throw new SrtpException("SRTP packet " + index + " was already received");
            }
        }

        void accept(long index) {
            if (!started) {
                started = true;
                highestIndex = index;
                replayBits = 1;
                return;
            }
            if (index > highestIndex) {
                long shift = index - highestIndex;
                replayBits = shift >= 64 ? 1 : (replayBits << shift) | 1;
                highestIndex = index;
            } else {
                long age = highestIndex - index;
                if (age < 64) {
                    replayBits |= 1L << age;
                }
            }
        }

        int nextRtcpIndex() {
            int index = rtcpSendIndex;
            rtcpSendIndex = (rtcpSendIndex + 1) & 0x7FFFFFFF;
            return index;
        }

        void checkRtcpReplay(int index) throws SrtpException {
            if (!rtcpStarted || index > rtcpHighest) {
                return;
            }
            int age = rtcpHighest - index;
            if (age >= REPLAY_WINDOW || (rtcpReplayBits & (1L << age)) != 0) {
                throw new SrtpException("SRTCP packet " + index + " replayed or too old");
            }
        }

        void acceptRtcp(int index) {
            if (!rtcpStarted) {
                rtcpStarted = true;
                rtcpHighest = index;
                rtcpReplayBits = 1;
            } else if (index > rtcpHighest) {
                int shift = index - rtcpHighest;
                rtcpReplayBits = shift >= 64 ? 1 : (rtcpReplayBits << shift) | 1;
                rtcpHighest = index;
            } else {
                rtcpReplayBits |= 1L << (rtcpHighest - index);
            }
        }
    }
}
