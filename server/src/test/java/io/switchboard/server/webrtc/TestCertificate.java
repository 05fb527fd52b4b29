package io.switchboard.server.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testkit.PeerProcess;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * A throw-away TLS certificate for a test TURNS listener on 127.0.0.1, and the pin a browser is told to trust
 * it by. Browsers match the URL's host against subjectAltName only (RFC 6125 section 6.4.4), so the
 * certificate names both {@code IP:127.0.0.1} and {@code DNS:localhost}.
 */
final class TestCertificate {

    private TestCertificate() {
    }

    /** Writes a self-signed certificate and its unencrypted key with openssl; {@code dir} gets openssl's output. */
    static void selfSigned(Path certificate, Path key, Path dir) throws Exception {
        PeerProcess.requireOnPath("openssl");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key.toString(),
                "-out", certificate.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.out").toFile()).start();
        assertEquals(0, openssl.waitFor(), "openssl made the test certificate: "
                + Files.readString(dir.resolve("openssl.out")));
    }

    /**
     * Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo, the form Chromium's
     * {@code --ignore-certificate-errors-spki-list} takes (as an HPKP pin, RFC 7469 section 2.4).
     */
    static String spkiSha256(Path certificate) throws Exception {
        try (InputStream in = Files.newInputStream(certificate)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            byte[] spki = cert.getPublicKey().getEncoded();
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        }
    }
}
