package io.switchboard.sip.transport;

/** The SIP transports the edge listens on; the name is what a Via header carries. */
public enum TransportKind {
    UDP(false), TCP(true), TLS(true);

    private final boolean reliable;

    TransportKind(boolean reliable) {
        this.reliable = reliable;
    }

    /** Reliable transports skip request retransmission and zero the wait timers (RFC 3261 section 17). */
    public boolean reliable() {
        return reliable;
    }

    /** The transport named in a Via or a URI transport parameter; UDP for anything unknown. */
    public static TransportKind fromName(String name) {
        if (name == null) {
            return UDP;
        }
        return switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "TCP" -> TCP;
            case "TLS" -> TLS;
            default -> UDP;
        };
    }
}
