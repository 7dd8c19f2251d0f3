package io.braid.webrtc.sdp;

/**
 * The outcome of an offer/answer: the SDP this node sends, the peer's ICE credentials and certificate fingerprint,
 * the DTLS role this node takes, and the payload types of each kind (sent with to a viewer, received from a
 * publisher; -1 = that kind is not exchanged). {@code transportCcExtension} is the RTP header extension id of
 * transport-wide sequence numbers a publisher sends (-1 = none).
 */
public record Negotiated(String localSdp, String remoteUfrag, String remotePassword, String remoteFingerprintAlgorithm,
        String remoteFingerprint, DtlsRole localRole, int videoPayloadType, int audioPayloadType, String videoMid,
        String audioMid, int transportCcExtension) {
    public Negotiated(String localSdp, String remoteUfrag, String remotePassword, String remoteFingerprintAlgorithm,
            String remoteFingerprint, DtlsRole localRole, int videoPayloadType, int audioPayloadType, String videoMid, String audioMid) {
        this(localSdp, remoteUfrag, remotePassword, remoteFingerprintAlgorithm, remoteFingerprint, localRole, videoPayloadType,
                audioPayloadType, videoMid, audioMid, -1);
    }
}
