package io.switchboard.media.webrtc.dtls;

import io.switchboard.media.webrtc.srtp.SrtpKeys;
import io.switchboard.media.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/** The use_srtp extension (RFC 5764 section 4.1) and the key export both DTLS roles share. */
final class SrtpKeyExport {
    private SrtpKeyExport() {
    }

    /** What we offer as a client, or accept as a server: GCM first, then AES-CM with HMAC-SHA1-80. */
    static UseSRTPData offer() {
        SrtpProfile[] all = SrtpProfile.values();
        int[] ids = new int[all.length];
        for (int i = 0; i < all.length; i++) {
            ids[i] = all[i].id();
        }
        return new UseSRTPData(ids, TlsUtils.EMPTY_BYTES);
    }

    /** RFC 5764 section 4.1.1: the server picks one profile the client offered; our preference order decides. */
    static SrtpProfile choose(Hashtable<?, ?> clientExtensions) throws IOException {
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client offered no use_srtp");
        }
        for (SrtpProfile ours : SrtpProfile.values()) {
            for (int id : offered.getProtectionProfiles()) {
                if (id == ours.id()) {
                    return ours;
                }
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no SRTP protection profile in common");
    }

    /** The profile a server chose in its use_srtp (exactly one, one we offered). */
    static SrtpProfile chosen(Hashtable<?, ?> serverExtensions) throws IOException {
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen == null || chosen.getProtectionProfiles().length != 1
                || SrtpProfile.byId(chosen.getProtectionProfiles()[0]) == null) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server chose no SRTP profile we offered");
        }
        return SrtpProfile.byId(chosen.getProtectionProfiles()[0]);
    }

    /** RFC 5764 section 4.2: the keying material from the "EXTRACTOR-dtls_srtp" exporter. */
    static SrtpKeys export(TlsContext context, SrtpProfile profile, boolean client) {
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.materialLength());
        return SrtpKeys.fromExporter(profile, material, client);
    }
}
