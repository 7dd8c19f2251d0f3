package io.braid.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.braid.webrtc.sdp.DtlsRole;
import io.braid.webrtc.srtp.SrtpKeys;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;

/** Two {@link DtlsPeer}s wired back to back: both roles agree on keys; a wrong fingerprint or garbage fails cleanly. */
class DtlsPeerTest {
    static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());

    record Outcome(CompletableFuture<SrtpKeys[]> keys, CompletableFuture<String> failure) {
        static Outcome create() {
            return new Outcome(new CompletableFuture<>(), new CompletableFuture<>());
        }

        DtlsListener listener() {
            return new DtlsListener() {
                @Override
                public void connected(SrtpKeys sending, SrtpKeys receiving) {
                    keys.complete(new SrtpKeys[] {sending, receiving});
                }

                @Override
                public void failed(String reason) {
                    failure.complete(reason);
                    keys.completeExceptionally(new IllegalStateException(reason));
                }
            };
        }
    }

    /** A server and a client peer wired to each other; the server expects {@code expectedClientFingerprint}. */
    record Pair(DtlsPeer server, DtlsPeer client, Outcome serverOutcome, Outcome clientOutcome) {
        static Pair of(String expectedClientFingerprint, DtlsCertificate clientCert) {
            DtlsCertificate serverCert = DtlsCertificate.generate(CRYPTO);
            Outcome server = Outcome.create();
            Outcome client = Outcome.create();
            AtomicReference<DtlsPeer> serverPeer = new AtomicReference<>();
            AtomicReference<DtlsPeer> clientPeer = new AtomicReference<>();
            serverPeer.set(new DtlsPeer(CRYPTO, serverCert, DtlsRole.SERVER, "sha-256", expectedClientFingerprint,
                    record -> clientPeer.get().receive(record), server.listener()));
            clientPeer.set(new DtlsPeer(CRYPTO, clientCert, DtlsRole.CLIENT, "sha-256", serverCert.fingerprint(),
                    record -> serverPeer.get().receive(record), client.listener()));
            return new Pair(serverPeer.get(), clientPeer.get(), server, client);
        }

        void close() {
            server.close();
            client.close();
        }
    }

    @Test
    void serverAndClientAgreeOnSrtpKeysCrosswise() throws Exception {
        DtlsCertificate clientCert = DtlsCertificate.generate(CRYPTO);
        Pair pair = Pair.of(clientCert.fingerprint(), clientCert);
        pair.server().start();
        pair.client().start();
        SrtpKeys[] s = pair.serverOutcome().keys().get(10, TimeUnit.SECONDS);
        SrtpKeys[] c = pair.clientOutcome().keys().get(10, TimeUnit.SECONDS);
        assertArrayEquals(s[0].masterKey(), c[1].masterKey(), "server's sending key is the client's receiving key");
        assertArrayEquals(s[1].masterSalt(), c[0].masterSalt());
        assertFalse(java.util.Arrays.equals(s[0].masterKey(), s[1].masterKey()));
        assertTrue(pair.server().connected() && pair.client().connected());
        pair.close();
    }

    @Test
    void aCertificateThatDoesNotMatchTheSdpFingerprintFails() throws Exception {
        Pair pair = Pair.of(DtlsCertificate.generate(CRYPTO).fingerprint(), DtlsCertificate.generate(CRYPTO));
        pair.server().start();
        pair.client().start();
        String reason = pair.serverOutcome().failure().get(15, TimeUnit.SECONDS);
        assertTrue(reason.contains("certificate"), reason);
        pair.close();
    }

    @Test
    void garbageBeforeTheClientHelloIsDroppedAndTheHandshakeStillCompletes() throws Exception {
        DtlsCertificate clientCert = DtlsCertificate.generate(CRYPTO);
        Pair pair = Pair.of(clientCert.fingerprint(), clientCert);
        pair.server().start();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 40; i++) {
            byte[] junk = new byte[1 + random.nextInt(300)];
            random.nextBytes(junk);
            junk[0] = (byte) (20 + random.nextInt(4)); // a DTLS content type, so it reaches BouncyCastle
            if (junk.length > 2) {
                junk[1] = (byte) 0xfe;
                junk[2] = (byte) 0xfd;
            }
            pair.server().receive(junk);
        }
        pair.client().start();
        SrtpKeys[] s = pair.serverOutcome().keys().get(10, TimeUnit.SECONDS);
        SrtpKeys[] c = pair.clientOutcome().keys().get(10, TimeUnit.SECONDS);
        assertArrayEquals(s[0].masterKey(), c[1].masterKey());
        pair.close();
    }
}
