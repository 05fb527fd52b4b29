package io.switchboard.media.webrtc.dtls;

import io.switchboard.media.sdp.Fingerprint;
import io.switchboard.media.webrtc.srtp.SrtpKeys;
import io.switchboard.media.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A browser's side of DTLS-SRTP written straight on bctls for tests and the load generator: a DTLS 1.2
 * client offering the given SRTP profiles, checking the server against its SDP fingerprint (skipped when
 * null), presenting {@code certificate}, and exporting the keys as RFC 5764 section 4.2 lays them out.
 */
public final class DtlsTestClient {
    private final DtlsCertificate certificate;
    private final Fingerprint expectedServer;
    private final int[] profiles;

    public DtlsTestClient(DtlsCertificate certificate, Fingerprint expectedServer, SrtpProfile... offered) {
        this.certificate = certificate;
        this.expectedServer = expectedServer;
        this.profiles = new int[offered.length];
        for (int i = 0; i < offered.length; i++) {
            profiles[i] = offered[i].id();
        }
    }

    /** A fresh certificate for a test peer. */
    public static DtlsCertificate newCertificate() {
        return DtlsCertificate.generate("test-peer");
    }

    /** Runs the handshake over {@code transport} (blocking) and returns the client's view of the keys. */
    public SrtpKeys connect(DatagramTransport transport) throws IOException {
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        SrtpKeys[] keys = new SrtpKeys[1];
        DefaultTlsClient client = new DefaultTlsClient(crypto) {
            private SrtpProfile chosen;

            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.DTLSv12.only();
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
            }

            @Override
            @SuppressWarnings({"rawtypes", "unchecked"})
            public Hashtable getClientExtensions() throws IOException {
                Hashtable ext = super.getClientExtensions();
                TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(profiles, TlsUtils.EMPTY_BYTES));
                return ext;
            }

            @Override
            @SuppressWarnings("rawtypes")
            public void processServerExtensions(Hashtable serverExtensions) throws IOException {
                super.processServerExtensions(serverExtensions);
                chosen = SrtpProfile.byId(TlsSRTPUtils.getUseSRTPExtension(serverExtensions)
                        .getProtectionProfiles()[0]);
            }

            @Override
            public TlsAuthentication getAuthentication() {
                return new TlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate server) throws IOException {
                        byte[] der = server.getCertificate().getCertificateAt(0).getEncoded();
                        if (expectedServer != null && !MessageDigest.isEqual(
                                Fingerprint.of(expectedServer.algorithm(), der).hash(), expectedServer.hash())) {
                            throw new TlsFatalAlert(AlertDescription.bad_certificate);
                        }
                    }

                    @Override
                    public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                        return certificate.signer(context, crypto);
                    }
                };
            }

            @Override
            public void notifyHandshakeComplete() throws IOException {
                super.notifyHandshakeComplete();
                byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                        chosen.materialLength());
                keys[0] = SrtpKeys.fromExporter(chosen, material, true);
            }
        };
        new DTLSClientProtocol().connect(client, transport);
        return keys[0];
    }
}
