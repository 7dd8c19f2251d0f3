package io.braid.webrtc.sdp;

/**
 * The outcome of an offer/answer: the SDP this node sends, the peer's ICE credentials and certificate fingerprint,
 * the DTLS role this node takes, and the payload types to send with (-1 = that kind is not sent).
 */
public record Negotiated(String localSdp, String remoteUfrag, String remotePassword, String remoteFingerprintAlgorithm,
        String remoteFingerprint, DtlsRole localRole, int videoPayloadType, int audioPayloadType, String videoMid,
        String audioMid) {
}
