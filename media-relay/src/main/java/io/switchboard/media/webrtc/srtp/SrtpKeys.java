package io.switchboard.media.webrtc.srtp;

import java.util.Arrays;

/**
 * The master keys and salts of one DTLS-SRTP association, ours for sending and the peer's for receiving.
 *
 * @param profile the negotiated protection profile
 */
public record SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey,
        byte[] remoteSalt) {

    /**
     * Splits the exporter output (RFC 5764 section 4.2): client_write_key | server_write_key |
     * client_write_salt | server_write_salt. The client sends with the client's key.
     */
    public static SrtpKeys fromExporter(SrtpProfile profile, byte[] material, boolean weAreClient) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (material.length != profile.materialLength()) {
            throw new IllegalArgumentException("keying material of " + material.length + " bytes for " + profile);
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return weAreClient ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    /** The same association seen from the peer (a test's peer sends with our receive keys). */
    public SrtpKeys reversed() {
        return new SrtpKeys(profile, remoteKey, remoteSalt, localKey, localSalt);
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + profile + "]"; // never the keys
    }
}
