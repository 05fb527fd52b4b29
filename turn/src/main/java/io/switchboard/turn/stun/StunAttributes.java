package io.switchboard.turn.stun;

/** Attribute type numbers (RFC 8489 section 18.3, RFC 8656 section 18) that the server reads or writes. */
final class StunAttributes {
    static final int USERNAME = 0x0006;
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int ERROR_CODE = 0x0009;
    static final int UNKNOWN_ATTRIBUTES = 0x000A;
    static final int CHANNEL_NUMBER = 0x000C;
    static final int LIFETIME = 0x000D;
    static final int XOR_PEER_ADDRESS = 0x0012;
    static final int DATA = 0x0013;
    static final int REALM = 0x0014;
    static final int NONCE = 0x0015;
    static final int XOR_RELAYED_ADDRESS = 0x0016;
    static final int REQUESTED_ADDRESS_FAMILY = 0x0017;
    static final int EVEN_PORT = 0x0018;
    static final int REQUESTED_TRANSPORT = 0x0019;
    static final int DONT_FRAGMENT = 0x001A;
    static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    static final int PASSWORD_ALGORITHM = 0x001D;
    static final int USERHASH = 0x001E;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int RESERVATION_TOKEN = 0x0022;
    static final int PRIORITY = 0x0024;
    static final int USE_CANDIDATE = 0x0025;
    static final int SOFTWARE = 0x8022;
    static final int ALTERNATE_SERVER = 0x8023;
    static final int FINGERPRINT = 0x8028;
    static final int ICE_CONTROLLED = 0x8029;
    static final int ICE_CONTROLLING = 0x802A;

    /** Comprehension-required attributes (below 0x8000) that this server understands; others earn a 420. */
    static boolean understood(int type) {
        return switch (type) {
            case USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES, CHANNEL_NUMBER, LIFETIME,
                    XOR_PEER_ADDRESS, DATA, REALM, NONCE, XOR_RELAYED_ADDRESS, REQUESTED_ADDRESS_FAMILY, EVEN_PORT,
                    REQUESTED_TRANSPORT, DONT_FRAGMENT, XOR_MAPPED_ADDRESS, RESERVATION_TOKEN, PRIORITY,
                    USE_CANDIDATE, MESSAGE_INTEGRITY_SHA256, PASSWORD_ALGORITHM, USERHASH -> true;
            default -> type >= 0x8000 || type == 0x0001 || type == 0x0004 || type == 0x0005;
        };
    }

    private StunAttributes() {
    }
}
