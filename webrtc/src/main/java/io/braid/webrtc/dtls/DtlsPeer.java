package io.braid.webrtc.dtls;

import io.braid.webrtc.sdp.DtlsRole;
import io.braid.webrtc.srtp.SrtpKeys;
import io.braid.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Hashtable;
import java.util.Vector;
import java.util.function.Consumer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * One DTLS-SRTP association (RFC 5764) on BouncyCastle, in either role: server when the peer's SDP said
 * {@code actpass}/{@code active} (browsers), client when it said {@code passive} (FFmpeg's WHIP). The handshake runs
 * on a virtual thread, fed by {@link #receive}; the peer's certificate must match the fingerprint from its SDP, and
 * the SRTP keys come from the exporter (label {@code EXTRACTOR-dtls_srtp}).
 */
public final class DtlsPeer {
    /** ECDHE-ECDSA only: our certificate is ECDSA, and every browser offers these. */
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };
    private static final SignatureAndHashAlgorithm ECDSA_SHA256 = new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
    /** Whole-handshake limit: a browser finishes in a few round trips; a peer that does not is gone. */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final DtlsRole role;
    private final String remoteFingerprintAlgorithm;
    private final String remoteFingerprint;
    private final DatagramQueue transport;
    private final DtlsListener listener;
    private volatile Thread thread;
    private volatile DTLSTransport established;
    private volatile boolean closed;

    public DtlsPeer(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsRole role, String remoteFingerprintAlgorithm,
            String remoteFingerprint, Consumer<byte[]> sender, DtlsListener listener) {
        this.crypto = crypto;
        this.certificate = certificate;
        this.role = role;
        this.remoteFingerprintAlgorithm = remoteFingerprintAlgorithm;
        this.remoteFingerprint = remoteFingerprint;
        this.transport = new DatagramQueue(sender);
        this.listener = listener;
    }

    public DtlsRole role() {
        return role;
    }

    /** Starts the handshake (a client sends its ClientHello at once; a server waits for one). */
    public void start() {
        thread = Thread.ofVirtual().name("dtls-" + role.name().toLowerCase()).start(this::run);
    }

    /** A DTLS record from the peer (first byte 20-63). Returns false when it was dropped. */
    public boolean receive(byte[] record) {
        return transport.offer(record);
    }

    public boolean connected() {
        return established != null;
    }

    public void close() {
        closed = true;
        DTLSTransport t = established;
        if (t != null) {
            try {
                t.close(); // sends close_notify
            } catch (IOException ignored) {
                // the peer may be gone already
            }
        }
        transport.close();
        Thread t2 = thread;
        if (t2 != null) {
            t2.interrupt();
        }
    }

    private void run() {
        KeyExport export = new KeyExport();
        try {
            DTLSTransport dtls;
            if (role == DtlsRole.SERVER) {
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                // ICE connectivity checks already proved the address; a cookie exchange would only add a round trip.
                protocol.setVerifyRequests(false);
                Server server = new Server(export);
                dtls = protocol.accept(server, transport);
            } else {
                Client client = new Client(export);
                dtls = new DTLSClientProtocol().connect(client, transport);
            }
            established = dtls;
            listener.connected(export.sending, export.receiving);
            // Keep reading: BouncyCastle answers a peer's retransmitted last flight and notices close_notify here.
            byte[] buf = new byte[2048];
            while (!closed) {
                dtls.receive(buf, 0, buf.length, 1000);
            }
        } catch (TlsFatalAlert alert) {
            if (!closed) {
                listener.failed("DTLS alert " + AlertDescription.getText(alert.getAlertDescription()) + ": " + alert.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                listener.failed(established == null ? "DTLS handshake failed: " + e.getMessage() : "DTLS closed: " + e.getMessage());
            }
        } finally {
            transport.close();
        }
    }

    /** Fills in the SRTP keys once the handshake is done; both roles share it. */
    private final class KeyExport {
        private SrtpProfile profile;
        private SrtpKeys sending;
        private SrtpKeys receiving;

        void export(TlsContext context) throws TlsFatalAlert {
            if (profile == null) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure, "no SRTP protection profile was agreed");
            }
            byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (profile.keyLength + profile.saltLength));
            SrtpKeys[] keys = SrtpKeys.fromExporter(profile, material, role == DtlsRole.CLIENT);
            sending = keys[0];
            receiving = keys[1];
        }
    }

    private void checkFingerprint(Certificate peer) throws IOException {
        if (peer == null || peer.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "the peer sent no certificate");
        }
        try {
            String actual = DtlsCertificate.fingerprint(remoteFingerprintAlgorithm, peer.getCertificateAt(0).getEncoded());
            if (!actual.equalsIgnoreCase(remoteFingerprint)) {
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "the peer's certificate does not match its SDP fingerprint");
            }
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, e.getMessage());
        }
    }

    private TlsCredentialedSigner signer(TlsContext context) {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(), certificate.chain(), ECDSA_SHA256);
    }

    private static int[] offeredProfiles() {
        SrtpProfile[] all = SrtpProfile.values();
        int[] ids = new int[all.length];
        for (int i = 0; i < all.length; i++) {
            ids[i] = all[i].id;
        }
        return ids;
    }

    private final class Server extends DefaultTlsServer {
        private final KeyExport export;

        Server(KeyExport export) {
            super(crypto);
            this.export = export;
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return HANDSHAKE_TIMEOUT_MILLIS;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() {
            return signer(context);
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            Vector<?> algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
            return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign}, algorithms, null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            checkFingerprint(clientCertificate);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
            if (offered == null) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure, "the ClientHello has no use_srtp");
            }
            for (SrtpProfile ours : SrtpProfile.values()) {
                for (int theirs : offered.getProtectionProfiles()) {
                    if (theirs == ours.id) {
                        export.profile = ours;
                        return;
                    }
                }
            }
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no SRTP profile in common (Braid: AEAD_AES_128_GCM, AES_CM_128_HMAC_SHA1_80)");
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getServerExtensions() throws IOException {
            Hashtable extensions = super.getServerExtensions();
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {export.profile.id}, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            export.export(context);
        }
    }

    private final class Client extends DefaultTlsClient {
        private final KeyExport export;

        Client(KeyExport export) {
            super(crypto);
            this.export = export;
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return HANDSHAKE_TIMEOUT_MILLIS;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = super.getClientExtensions();
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(offeredProfiles(), TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (chosen == null || chosen.getProtectionProfiles().length != 1) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the ServerHello must choose one SRTP profile");
            }
            export.profile = SrtpProfile.byId(chosen.getProtectionProfiles()[0]);
            if (export.profile == null) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the server chose an SRTP profile Braid did not offer");
            }
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    checkFingerprint(serverCertificate.getCertificate());
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    return signer(context);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            export.export(context);
        }
    }
}
