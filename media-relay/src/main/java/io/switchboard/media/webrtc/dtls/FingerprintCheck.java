package io.switchboard.media.webrtc.dtls;

import io.switchboard.media.sdp.Fingerprint;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * Checks the peer's certificate against the fingerprint its SDP announced (RFC 8122 section 5, RFC 5763
 * section 5); remembers a mismatch so the handshake's failure can say why.
 */
final class FingerprintCheck {
    private final Fingerprint expected;
    private volatile boolean mismatched;

    FingerprintCheck(Fingerprint expected) {
        this.expected = expected;
    }

    /** Throws bad_certificate unless the first certificate of {@code chain} hashes to the expected value. */
    void verify(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            mismatched = true;
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "peer sent no certificate");
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        if (expected == null || !expected.matches(der)) {
            mismatched = true;
            throw new TlsFatalAlert(AlertDescription.bad_certificate,
                    "peer certificate does not match a=fingerprint " + expected);
        }
    }

    boolean mismatched() {
        return mismatched;
    }
}
