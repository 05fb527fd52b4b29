package io.switchboard.media.webrtc.srtp;

import org.jitsi.srtp.SrtpPolicy;

/**
 * The DTLS-SRTP protection profiles we negotiate (RFC 5764 section 4.1.2, RFC 7714 section 14.2), in our
 * order of preference, with their key and salt lengths.
 */
public enum SrtpProfile {
    /** RFC 7714: AES-128 in GCM, 16-byte tag; browsers offer it after the CM profile. */
    AEAD_AES_128_GCM(0x0007, 16, 12),
    /** RFC 5764: AES-128 counter mode with an 80-bit HMAC-SHA1 tag; every browser offers it. */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14);

    private final int id;
    private final int keyLength;
    private final int saltLength;

    SrtpProfile(int id, int keyLength, int saltLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
    }

    /** The SRTPProtectionProfile value in the use_srtp extension. */
    public int id() {
        return id;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** The keying material the DTLS exporter must yield: two keys and two salts (RFC 5764 section 4.2). */
    public int materialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with use_srtp value {@code id}, or null when we do not support it. */
    public static SrtpProfile byId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }

    SrtpPolicy policy() {
        SrtpPolicy policy = this == AEAD_AES_128_GCM
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, keyLength, SrtpPolicy.NULL_AUTHENTICATION, 0, 16,
                        saltLength)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyLength, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10,
                        saltLength);
        policy.setSendReplayEnabled(false); // our own sequence numbers are monotonic; checking them is waste
        policy.setReceiveReplayEnabled(true);
        return policy;
    }
}
