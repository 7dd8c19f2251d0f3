package io.braid.webrtc.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A node's DTLS identity: an ECDSA P-256 key and a self-signed certificate, and the certificate's SHA-256
 * fingerprint that goes into every SDP (RFC 8122). WebRTC authenticates by that fingerprint, not by a CA, so one
 * certificate per process is enough; it is made at start-up in a few milliseconds.
 */
public final class DtlsCertificate {
    private final AsymmetricKeyParameter privateKey;
    private final Certificate chain;
    private final String fingerprint;

    private DtlsCertificate(AsymmetricKeyParameter privateKey, Certificate chain, String fingerprint) {
        this.privateKey = privateKey;
        this.chain = chain;
        this.fingerprint = fingerprint;
    }

    public static DtlsCertificate generate(BcTlsCrypto crypto) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=braid-webrtc");
            Instant now = Instant.now();
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            byte[] der = holder.getEncoded();
            TlsCertificate tlsCertificate = crypto.createCertificate(der);
            return new DtlsCertificate(PrivateKeyFactory.createKey(keys.getPrivate().getEncoded()),
                    new Certificate(new TlsCertificate[] {tlsCertificate}), fingerprint(der));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the DTLS certificate: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of a DER certificate as SDP writes it: upper-case hex pairs joined by colons. */
    public static String fingerprint(byte[] der) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A fingerprint with another hash (SDP may name sha-1, sha-384, sha-512), for checking a peer's certificate. */
    static String fingerprint(String algorithm, byte[] der) throws GeneralSecurityException {
        String jca = switch (algorithm.toLowerCase(Locale.ROOT)) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> throw new GeneralSecurityException("fingerprint hash " + algorithm + " is not supported");
        };
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance(jca).digest(der));
    }

    public String fingerprint() {
        return fingerprint;
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    Certificate chain() {
        return chain;
    }
}
