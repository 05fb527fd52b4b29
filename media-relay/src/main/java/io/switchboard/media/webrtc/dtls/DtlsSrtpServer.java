package io.switchboard.media.webrtc.dtls;

import io.switchboard.media.webrtc.srtp.SrtpKeys;
import io.switchboard.media.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Our DTLS 1.2 server side (a=setup:passive): ECDHE-ECDSA with our certificate, a client certificate required
 * and checked against the SDP fingerprint, use_srtp negotiated, the SRTP keys exported when done.
 */
final class DtlsSrtpServer extends DefaultTlsServer {
    static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final FingerprintCheck check;
    private final int timeoutMillis;
    private SrtpProfile profile;
    private volatile SrtpKeys keys;

    DtlsSrtpServer(BcTlsCrypto crypto, DtlsCertificate certificate, FingerprintCheck check, int timeoutMillis) {
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
        return TlsUtils.getSupportedCipherSuites(crypto, CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return timeoutMillis;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return certificate.signer(context, crypto);
    }

    /** RFC 5763 section 5: the server must ask for the client's certificate, whose fingerprint SDP carried. */
    @Override
    public CertificateRequest getCertificateRequest() {
        Vector<SignatureAndHashAlgorithm> algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                algorithms, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        check.verify(clientCertificate);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        profile = SrtpKeyExport.choose(clientExtensions);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        if (extensions == null) {
            extensions = new Hashtable();
        }
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {profile.id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keys = SrtpKeyExport.export(context, profile, false);
    }

    SrtpKeys keys() {
        return keys;
    }
}
