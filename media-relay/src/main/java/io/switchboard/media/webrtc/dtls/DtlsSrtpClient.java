package io.switchboard.media.webrtc.dtls;

import io.switchboard.media.webrtc.srtp.SrtpKeys;
import io.switchboard.media.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Our DTLS 1.2 client side (a=setup:active): offers use_srtp, checks the server's certificate against the
 * SDP fingerprint, authenticates with our certificate, exports the SRTP keys when done.
 */
final class DtlsSrtpClient extends DefaultTlsClient {
    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final FingerprintCheck check;
    private final int timeoutMillis;
    private SrtpProfile profile;
    private volatile SrtpKeys keys;

    DtlsSrtpClient(BcTlsCrypto crypto, DtlsCertificate certificate, FingerprintCheck check, int timeoutMillis) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.check = check;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(crypto, DtlsSrtpServer.CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return timeoutMillis;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        if (extensions == null) {
            extensions = new Hashtable();
        }
        TlsSRTPUtils.addUseSRTPExtension(extensions, SrtpKeyExport.offer());
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        profile = SrtpKeyExport.chosen(serverExtensions);
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                check.verify(serverCertificate.getCertificate());
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
        keys = SrtpKeyExport.export(context, profile, true);
    }

    SrtpKeys keys() {
        return keys;
    }
}
