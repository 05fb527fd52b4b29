package io.switchboard.turn.stun;

/** The STUN and TURN methods this server knows (RFC 8489 section 18.2, RFC 8656 section 17). */
public enum StunMethod {
    BINDING(0x001),
    ALLOCATE(0x003),
    REFRESH(0x004),
    SEND(0x006),
    DATA(0x007),
    CREATE_PERMISSION(0x008),
    CHANNEL_BIND(0x009),
    /** Any other method: a request gets 400, an indication is dropped. */
    OTHER(-1);

    private final int code;

    StunMethod(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static StunMethod of(int code) {
        for (StunMethod m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        return OTHER;
    }
}
