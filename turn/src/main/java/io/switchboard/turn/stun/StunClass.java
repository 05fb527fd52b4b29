package io.switchboard.turn.stun;

/** The class bits of a STUN message type (RFC 8489 section 5). */
public enum StunClass {
    REQUEST(0x000), INDICATION(0x010), SUCCESS(0x100), ERROR(0x110);

    private final int bits;

    StunClass(int bits) {
        this.bits = bits;
    }

    /** The 14-bit message type of {@code method} in this class (method bits interleaved around C0 and C1). */
    public int type(StunMethod method) {
        int m = method.code();
        return (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | bits;
    }

    static StunClass ofType(int type) {
        return switch (type & 0x110) {
            case 0x000 -> REQUEST;
            case 0x010 -> INDICATION;
            case 0x100 -> SUCCESS;
            default -> ERROR;
        };
    }

    static int methodOfType(int type) {
        return (type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80);
    }
}
