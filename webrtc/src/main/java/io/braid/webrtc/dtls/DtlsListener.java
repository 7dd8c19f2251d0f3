package io.braid.webrtc.dtls;

import io.braid.webrtc.srtp.SrtpKeys;

/** What a {@link DtlsPeer} reports, from its handshake thread. */
public interface DtlsListener {
    /** The handshake finished and the peer's certificate matched its SDP fingerprint: SRTP can start. */
    void connected(SrtpKeys sending, SrtpKeys receiving);

    /** The handshake failed, timed out, or the peer closed the association. */
    void failed(String reason);
}
