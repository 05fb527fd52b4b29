package io.switchboard.sip.transaction;

import io.switchboard.sip.transport.TransportKind;

/**
 * RFC 3261's timer base values (T1 round-trip estimate, T2 maximum non-INVITE retransmit interval, T4
 * maximum time a message stays in the network) and the timers derived from them in section 17 / Table 4,
 * with RFC 6026's Timers L and M. Timers that only absorb retransmissions are zero on reliable transports.
 */
public record SipTimers(long t1, long t2, long t4) {
    public SipTimers {
        if (t1 <= 0 || t2 < t1 || t4 <= 0) {
            throw new IllegalArgumentException("need 0 < T1 <= T2 and T4 > 0, got " + t1 + "/" + t2 + "/" + t4);
        }
    }

    /** RFC 3261 defaults: T1 500 ms, T2 4 s, T4 5 s. */
    public static SipTimers defaults() {
        return new SipTimers(500, 4000, 5000);
    }

    /** 64*T1: Timers B, F, H, J (unreliable), L and M. */
    public long transactionTimeout() {
        return 64 * t1;
    }

    /** Timer D: wait for response retransmissions, at least 32 s on UDP (section 17.1.1.2). */
    public long timerD(TransportKind kind) {
        return kind.reliable() ? 0 : Math.max(32_000, transactionTimeout());
    }

    /** Timer I (INVITE server, Confirmed) and Timer K (non-INVITE client, Completed): T4 on UDP. */
    public long timerIorK(TransportKind kind) {
        return kind.reliable() ? 0 : t4;
    }

    /** Timer J (non-INVITE server, Completed): 64*T1 on UDP. */
    public long timerJ(TransportKind kind) {
        return kind.reliable() ? 0 : transactionTimeout();
    }
}
