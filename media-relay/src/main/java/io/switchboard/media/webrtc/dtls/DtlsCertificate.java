package io.switchboard.media.webrtc.dtls;

import io.switchboard.media.sdp.Fingerprint;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS certificate of this process: an ECDSA P-256 key and a self-signed certificate made at first use
 * (RFC 8827 section 6.5: WebRTC endpoints authenticate by the fingerprint in SDP, not by a CA), whose sha-256
 * fingerprint every WebRTC endpoint writes into its SDP. Immutable, shared by every loop and handshake.
 */
public final class DtlsCertificate {
    private static volatile DtlsCertificate process;

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final Fingerprint fingerprint;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprint = Fingerprint.of("sha-256", der);
    }

    /** The certificate of this process, made on the first call. */
    public static DtlsCertificate process() {
        DtlsCertificate c = process;
        if (c == null) {
            synchronized (DtlsCertificate.class) {
                c = process;
                if (c == null) {
                    c = generate("switchboard");
                    process = c;
                }
            }
        }
        return c;
    }

    /** A fresh certificate (tests make a second one to play a peer, or an impostor). */
    public static DtlsCertificate generate(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            Instant now = Instant.now();
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return new DtlsCertificate(holder.getEncoded(),
                    PrivateKeyFactory.createKey(keys.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the DTLS certificate", e);
        }
    }

    /** The fingerprint we write in a=fingerprint. */
    public Fingerprint fingerprint() {
        return fingerprint;
    }

    /** The certificate as bctls sends it, parsed by {@code crypto}. */
    Certificate chain(BcTlsCrypto crypto) throws IOException {
        return new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
    }

    /** Our signing credentials for a handshake, client or server: ECDSA with SHA-256 over this certificate. */
    TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto) throws IOException {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, privateKey, chain(crypto),
                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }
}
