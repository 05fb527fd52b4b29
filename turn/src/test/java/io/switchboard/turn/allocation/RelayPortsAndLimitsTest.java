package io.switchboard.turn.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The relay port range, EVEN-PORT reservations, and the per-source rate limit, on a virtual clock. */
class RelayPortsAndLimitsTest {

    @Test
    void portsComeFromTheRangeUntilItIsUsedUp() {
        RangeRelayPortAllocator ports = new RangeRelayPortAllocator(50000, 50003);
        assertEquals(50000, ports.take());
        assertEquals(50001, ports.take());
        assertEquals(50002, ports.takeEven());
        assertEquals(50003, ports.take());
        assertEquals(-1, ports.take());
        ports.release(50001);
        assertEquals(50001, ports.take());
    }

    @Test
    void aReservationHoldsTheNextPortForThirtySeconds() {
        RangeRelayPortAllocator ports = new RangeRelayPortAllocator(50001, 50010);
        RelayPortAllocator.Reservation r = ports.takeEvenReserving(0);
        assertNotNull(r);
        assertEquals(50002, r.port());
        assertEquals(2, ports.inUse());
        assertEquals(50003, ports.claim(r.token(), 29_999));
        assertEquals(-1, ports.claim(r.token(), 29_999), "a token is used once");

        RelayPortAllocator.Reservation late = ports.takeEvenReserving(0);
        ports.sweep(30_000);
        assertEquals(-1, ports.claim(late.token(), 30_000));
        assertEquals(3, ports.inUse(), "the unclaimed port went back");
    }

    @Test
    void noEvenPairLeft() {
        RangeRelayPortAllocator ports = new RangeRelayPortAllocator(50000, 50001);
        ports.take();
        assertNull(ports.takeEvenReserving(0));
    }

    @Test
    void unauthenticatedRepliesAreLimitedPerSource() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(10, 5, 2);
        InetAddress a = InetAddress.getByName("203.0.113.1");
        InetAddress b = InetAddress.getByName("203.0.113.2");
        InetAddress c = InetAddress.getByName("203.0.113.3");
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.allow(a, 0));
        }
        assertFalse(limiter.allow(a, 0), "past the burst");
        assertTrue(limiter.allow(b, 0), "another source has its own budget");
        assertFalse(limiter.allow(c, 0), "more sources than tracked are refused");
        assertFalse(limiter.allow(a, 99));
        assertTrue(limiter.allow(a, 100), "one reply per 100 ms at 10 a second");
        limiter.sweep(10_000);
        assertEquals(0, limiter.tracked());
        assertTrue(limiter.allow(c, 10_000));
    }
}
