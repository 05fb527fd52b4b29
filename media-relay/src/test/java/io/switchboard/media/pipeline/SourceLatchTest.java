package io.switchboard.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The latching rules of symmetric RTP without RTP Bleed. */
class SourceLatchTest {
    private static final long S = 1_000_000_000L;
    private static final InetSocketAddress SIGNALLED = new InetSocketAddress("192.0.2.10", 40000);
    private static final InetSocketAddress NAT = new InetSocketAddress("198.51.100.20", 61000);
    private static final InetSocketAddress ATTACKER = new InetSocketAddress("203.0.113.66", 5004);

    @Test
    void latchesToTheSignalledAddressAndNeverMoves() {
        SourceLatch latch = new SourceLatch();
        latch.signal(SIGNALLED, -1, 0, 101, 0, 2 * S);
        assertTrue(latch.admit(SIGNALLED, 1, 0, S / 10));
        assertEquals(SIGNALLED, latch.latched());
        assertFalse(latch.admit(ATTACKER, 1, 0, S / 5), "another source inside the window is refused once latched");
        assertFalse(latch.admit(NAT, 1, 0, 10 * S));
        assertEquals(2, latch.dropped());
        assertEquals(SIGNALLED, latch.destination());
    }

    @Test
    void latchesBehindNatOnlyWithinTheWindowAndOnlyOnNegotiatedPayload() {
        SourceLatch latch = new SourceLatch();
        latch.signal(new InetSocketAddress("10.1.2.3", 4000), -1, 8, 101, 0, 2 * S);
        assertNull(latch.latched());
        assertFalse(latch.admit(NAT, 5, 18, S / 10), "G.729 was not negotiated");
        assertTrue(latch.admit(NAT, 5, 8, S / 5));
        assertTrue(latch.natLatched());
        assertEquals(NAT, latch.destination());
        assertFalse(latch.admit(ATTACKER, 5, 8, S / 4));
    }

    @Test
    void theSignalledAddressWinsOverAGuessWithinTheWindowOnly() {
        SourceLatch latch = new SourceLatch();
        latch.signal(SIGNALLED, -1, 0, 101, 0, 2 * S);
        assertTrue(latch.admit(ATTACKER, 9, 0, S / 10), "a stranger first is taken for a NAT mapping");
        assertTrue(latch.admit(SIGNALLED, 1, 0, S / 5), "the signalled peer takes its stream back");
        assertFalse(latch.natLatched());
        assertFalse(latch.admit(ATTACKER, 9, 0, S / 4));

        SourceLatch late = new SourceLatch();
        late.signal(SIGNALLED, -1, 0, 101, 0, 2 * S);
        assertTrue(late.admit(NAT, 9, 0, S / 10));
        assertFalse(late.admit(SIGNALLED, 1, 0, 3 * S), "after the window nothing moves the latch");
        assertEquals(NAT, late.destination());
    }

    @Test
    void neverLatchesAStrangerAfterTheWindow() {
        SourceLatch latch = new SourceLatch();
        latch.signal(SIGNALLED, -1, 0, -1, 0, 2 * S);
        assertFalse(latch.admit(ATTACKER, 5, 0, 3 * S));
        assertNull(latch.latched());
        assertTrue(latch.admit(SIGNALLED, 5, 0, 4 * S), "the signalled address is always acceptable before latching");
    }

    @Test
    void honoursTheSignalledSsrcWhenLatchingBehindNat() {
        SourceLatch latch = new SourceLatch();
        latch.signal(new InetSocketAddress("10.1.2.3", 4000), 0xCAFEL, 0, 101, 0, 2 * S);
        assertFalse(latch.admit(ATTACKER, 0xBEEFL, 0, S / 10));
        assertTrue(latch.admit(NAT, 0xCAFEL, 0, S / 5));
    }

    @Test
    void aNewSignalledAddressRestartsTheLatchButTheSameOneKeepsIt() {
        SourceLatch latch = new SourceLatch();
        latch.signal(new InetSocketAddress("10.1.2.3", 4000), -1, 0, 101, 0, 2 * S);
        assertTrue(latch.admit(NAT, 1, 0, S / 10));
        latch.signal(new InetSocketAddress("10.1.2.3", 4000), -1, 0, 101, 5 * S, 2 * S);
        assertEquals(NAT, latch.latched(), "a re-INVITE with the same address keeps the NAT latch");
        latch.signal(SIGNALLED, -1, 0, 101, 6 * S, 2 * S);
        assertNull(latch.latched());
        assertEquals(SIGNALLED, latch.destination());
        assertTrue(latch.admit(SIGNALLED, 1, 0, 6 * S + 1));
        assertFalse(latch.admit(NAT, 1, 0, 6 * S + 2), "the old NAT source is now a stranger");
    }

    @Test
    void controlPacketsAreAcceptedFromTheLatchedHostOnly() {
        SourceLatch latch = new SourceLatch();
        latch.signal(SIGNALLED, -1, 0, 101, 0, 2 * S);
        assertTrue(latch.admitControl(new InetSocketAddress("192.0.2.10", 40001)));
        assertFalse(latch.admitControl(new InetSocketAddress("203.0.113.66", 40001)));
    }

    @Test
    void settlesOnTheSignalledPeerAtOnceAndOnANatMappingWhenTheWindowCloses() {
        SourceLatch direct = new SourceLatch();
        direct.signal(SIGNALLED, -1, 0, 101, 0, 2 * S);
        assertFalse(direct.settled(S / 10), "nothing latched yet");
        direct.admit(SIGNALLED, 1, 0, S / 10);
        assertTrue(direct.settled(S / 10));

        SourceLatch nat = new SourceLatch();
        nat.signal(new InetSocketAddress("10.1.2.3", 4000), -1, 0, 101, 0, 2 * S);
        nat.admit(NAT, 1, 0, S / 10);
        assertFalse(nat.settled(S), "the signalled address may still take the stream back");
        assertTrue(nat.settled(2 * S));

        nat.signal(SIGNALLED, -1, 0, 101, 3 * S, 2 * S);
        assertFalse(nat.settled(3 * S), "a new address starts over");
    }
}
