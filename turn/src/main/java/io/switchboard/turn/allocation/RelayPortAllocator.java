package io.switchboard.turn.allocation;

/**
 * Hands out relay ports (RFC 8656 section 7.2 steps 4-6): any free port, an even one (EVEN-PORT), or an even
 * one with the next port held for a later Allocate that brings the RESERVATION-TOKEN.
 */
public interface RelayPortAllocator {

    /** A port held for a RESERVATION-TOKEN: the even port given now and the token for the odd one after it. */
    record Reservation(int port, byte[] token) {
    }

    /** A free port, or -1 when none is left. */
    int take();

    /** A free even port, or -1. */
    int takeEven();

    /** A free even port whose successor is free too and is held for the returned token; null when none. */
    Reservation takeEvenReserving(long nowMillis);

    /** The port held for {@code token} (now taken by the caller), or -1 when the token is unknown or expired. */
    int claim(byte[] token, long nowMillis);

    /** Gives a port back. */
    void release(int port);

    /** Frees the ports of reservations that nobody claimed in time. */
    void sweep(long nowMillis);

    /** How many ports are taken or held. */
    int inUse();
}
