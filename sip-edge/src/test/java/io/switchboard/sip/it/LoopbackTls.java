package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testkit.PeerProcess;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed certificate for 127.0.0.1 made by openssl, and TLS clients that trust only it. */
final class LoopbackTls {
    private final Path dir;

    private LoopbackTls(Path dir) {
        this.dir = dir;
    }

    /** Writes {@code cert.pem} and {@code key.pem} into {@code dir}. */
    static LoopbackTls create(Path dir) throws Exception {
        PeerProcess.requireOnPath("openssl");
        try (PeerProcess openssl = PeerProcess.start("openssl", List.of("openssl", "req", "-x509", "-newkey",
                "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1"), dir, Map.of())) {
            assertEquals(0, openssl.awaitExit(Duration.ofSeconds(30)), openssl.output());
        }
        return new LoopbackTls(dir);
    }

    Path certificate() {
        return dir.resolve("cert.pem");
    }

    Path key() {
        return dir.resolve("key.pem");
    }

    /** A TLS connection to 127.0.0.1:{@code port}, handshake done, trusting only our certificate. */
    SSLSocket connect(int port) throws Exception {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(certificate())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("edge", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return socket;
    }
}
