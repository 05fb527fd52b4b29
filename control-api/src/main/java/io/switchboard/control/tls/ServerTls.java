package io.switchboard.control.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The HTTPS listener's TLS material: the operator's PEM certificate chain and private key, or a self-signed
 * ECDSA P-256 pair made at start for trials (browsers warn about it; the fingerprint lets a person check it).
 * Immutable; the Netty context is shared by every connection.
 */
public final class ServerTls {
    /** A generated certificate lives long enough for a trial and short enough not to become a habit. */
    static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(90);

    private final SslContext context;
    private final X509Certificate certificate;
    private final boolean selfSigned;
    private final byte[] certificatePem;

    private ServerTls(SslContext context, X509Certificate certificate, boolean selfSigned, byte[] certificatePem) {
        this.context = context;
        this.certificate = certificate;
        this.selfSigned = selfSigned;
        this.certificatePem = certificatePem;
    }

    /** The operator's PEM files; throws with the file and the reason when they do not make a TLS server. */
    public static ServerTls fromPem(Path certificateChain, Path privateKey) throws IOException {
        byte[] pem = Files.readAllBytes(certificateChain);
        X509Certificate leaf;
        try {
            leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(pem)).iterator().next();
        } catch (GeneralSecurityException | java.util.NoSuchElementException e) {
            throw new IOException(certificateChain + ": no X.509 certificate in PEM form", e);
        }
        try {
            SslContext context = SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile()).build();
            return new ServerTls(context, leaf, false, pem);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException(certificateChain + " and " + privateKey + " do not make a TLS server key pair: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A fresh self-signed pair naming {@code hosts} (host names or IP addresses) as subject alternative names,
     * besides {@code localhost} and the loopback addresses.
     */
    public static ServerTls selfSigned(List<String> hosts) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=Switchboard self-signed");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(SELF_SIGNED_VALIDITY)), name, keys.getPublic());
            // Browsers match the host against the subject alternative names only (RFC 6125 section 6.4.4).
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(hosts));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509CertificateHolder holder = builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(holder.getEncoded()));
            SslContext context = SslContextBuilder.forServer(keys.getPrivate(), certificate).build();
            return new ServerTls(context, certificate, true, pem(holder.getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralNames alternativeNames(List<String> hosts) {
        Set<String> all = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        all.addAll(hosts);
        List<GeneralName> names = new ArrayList<>();
        for (String host : all) {
            if (host == null || host.isBlank() || isWildcard(host)) {
                continue;
            }
            names.add(new GeneralName(looksLikeAddress(host) ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static boolean looksLikeAddress(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    private static boolean isWildcard(String host) {
        if (!looksLikeAddress(host)) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return true;
        }
    }

    private static byte[] pem(byte[] der) {
        String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        return ("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public SslContext context() {
        return context;
    }

    public boolean isSelfSigned() {
        return selfSigned;
    }

    /** The leaf certificate (tests trust it). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The leaf certificate in PEM form, as a trial user imports it into a browser. */
    public byte[] certificatePem() {
        return certificatePem.clone();
    }

    /** SHA-256 over the leaf certificate, as browsers show it: upper-case hex pairs joined by colons. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The subject and expiry, for the log line at start. */
    public String describe() {
        return certificate.getSubjectX500Principal().getName() + ", valid until "
                + certificate.getNotAfter().toInstant();
    }
}
