package io.switchboard.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.MediaSourcePolicy;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The latching rules of symmetric RTP without RTP Bleed. */
class SourceLatchTest {
    private static final long S = 1_000_000_000L;
    private static final InetSocketAddress SIGNALLED = new InetSocketAddress("192.0.2.10", 40000);
    private static final InetSocketAddress NAT = new InetSocketAddress("198.51.100.20", 61000);
    private static final InetSocketAddress ATTACKER = new InetSocketAddress("203.0.113.66", 5004);
    /** A private signalled address that does send: a phone on the server's own LAN. */
    private static final InetSocketAddress LAN = new InetSocketAddress("10.1.2.3", 4000);

    /**
     * Sends the packets that learn {@code from} (sequence numbers from {@code firstSeq}, 20 ms apart from
     * {@code atNanos}): every one before the last is refused, and nothing is sent to the source meanwhile.
     */
    private static void learn(SourceLatch latch, InetSocketAddress from, long ssrc, int pt, int firstSeq,
                              long atNanos) {
        for (int i = 0; i < SourceLatch.LEARNING_PACKETS - 1; i++) {
            assertFalse(latch.admit(from, ssrc, pt, (firstSeq + i) & 0xFFFF, atNanos + i * 20_000_000L),
                    "learning packet " + (i + 1) + " is not let in");
            assertNotEquals(from, latch.destination(), "nothing is sent to a source that has not passed");
        }
        assertTrue(latch.admit(from, ssrc, pt, (firstSeq + SourceLatch.LEARNING_PACKETS - 1) & 0xFFFF,
                atNanos + (SourceLatch.LEARNING_PACKETS - 1) * 20_000_000L), "the last learning packet latches");
    }

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
        for (int i = 0; i < 2 * SourceLatch.LEARNING_PACKETS; i++) {
            assertFalse(latch.admit(NAT, 5, 18, i, S / 10), "G.729 was not negotiated");
        }
        learn(latch, NAT, 5, 8, 100, S / 5);
        assertTrue(latch.natLatched());
        assertEquals(NAT, latch.destination());
        assertFalse(latch.admit(ATTACKER, 5, 8, S / 4));
    }

    @Test
    void theSignalledAddressWinsOverAGuessWithinTheWindowOnly() {
        SourceLatch latch = new SourceLatch();
        latch.signal(LAN, -1, 0, 101, 0, 2 * S);
        learn(latch, ATTACKER, 9, 0, 1, S / 10); // a stranger that passes learning is taken for a NAT mapping
        assertTrue(latch.admit(LAN, 1, 0, S / 2), "the signalled peer takes its stream back");
        assertFalse(latch.natLatched());
        assertFalse(latch.admit(ATTACKER, 9, 0, S / 4));

        SourceLatch late = new SourceLatch();
        late.signal(LAN, -1, 0, 101, 0, 2 * S);
        learn(late, NAT, 9, 0, 1, S / 10);
        assertFalse(late.admit(LAN, 1, 0, 3 * S), "after the window nothing moves the latch");
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
        for (int i = 0; i < 2 * SourceLatch.LEARNING_PACKETS; i++) {
            assertFalse(latch.admit(ATTACKER, 0xBEEFL, 0, i, S / 10));
        }
        learn(latch, NAT, 0xCAFEL, 0, 1, S / 5);
    }

    @Test
    void aNewSignalledAddressRestartsTheLatchButTheSameOneKeepsIt() {
        SourceLatch latch = new SourceLatch();
        latch.signal(new InetSocketAddress("10.1.2.3", 4000), -1, 0, 101, 0, 2 * S);
        learn(latch, NAT, 1, 0, 1, S / 10);
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
        learn(nat, NAT, 1, 0, 1, S / 10);
        assertFalse(nat.settled(S), "the signalled address may still take the stream back");
        assertTrue(nat.settled(2 * S));

        nat.signal(SIGNALLED, -1, 0, 101, 3 * S, 2 * S);
        assertFalse(nat.settled(3 * S), "a new address starts over");
    }

    @Test
    void aSprayerInTheFirstSecondIsNeitherLetInNorAnswered() {
        SourceLatch latch = new SourceLatch();
        latch.signal(SIGNALLED, -1, 0, 101, 0, 2 * S);
        // one packet to each port of a range, as an RTP Bleed scanner sends them, then again: never in a row
        for (int sweep = 0; sweep < 3; sweep++) {
            assertFalse(latch.admit(ATTACKER, 0x5EED, 0, sweep, S / 10 + sweep * S / 4));
            assertFalse(latch.admit(new InetSocketAddress("203.0.113.67", 5004), 0x5EED, 0, sweep,
                    S / 10 + sweep * S / 4 + 1));
        }
        for (int i = 0; i < 2 * SourceLatch.LEARNING_PACKETS; i++) {
            assertFalse(latch.admit(ATTACKER, 0x5EED, 0, 10 + i, S / 2 + i),
                    "a public signalled address: no other source is learned, however well it sends");
        }
        assertNull(latch.latched());
        assertEquals(SIGNALLED, latch.destination(), "we still send only to the signalled address");
        assertEquals(6 + 2 * SourceLatch.LEARNING_PACKETS, latch.dropped());
        assertTrue(latch.admit(SIGNALLED, 1, 0, S), "the caller latches when its first packet comes");
    }

    @Test
    void learningStartsOverOnAnotherSourceAnotherSsrcOrAGapInTheSequence() {
        SourceLatch latch = new SourceLatch();
        latch.signal(new InetSocketAddress("10.1.2.3", 4000), -1, 0, 101, 0, 2 * S);
        assertFalse(latch.admit(NAT, 7, 0, 10, S / 10));
        assertFalse(latch.admit(NAT, 7, 0, 11, S / 10));
        assertFalse(latch.admit(ATTACKER, 7, 0, 12, S / 10), "another source in between");
        assertFalse(latch.admit(NAT, 7, 0, 12, S / 10));
        assertFalse(latch.admit(NAT, 7, 0, 13, S / 10));
        assertFalse(latch.admit(NAT, 8, 0, 14, S / 10), "another SSRC");
        assertFalse(latch.admit(NAT, 7, 0, 15, S / 10));
        assertFalse(latch.admit(NAT, 7, 0, 17, S / 10), "a gap in the numbers");
        assertNull(latch.latched());
        learn(latch, NAT, 7, 0, 65_534, S / 5); // the numbers may wrap
        assertEquals(NAT, latch.latched());
    }

    @Test
    void learningMustFinishWithinTheWindow() {
        SourceLatch latch = new SourceLatch();
        latch.signal(new InetSocketAddress("10.1.2.3", 4000), -1, 0, 101, 0, 2 * S);
        for (int i = 0; i < SourceLatch.LEARNING_PACKETS - 1; i++) {
            assertFalse(latch.admit(NAT, 7, 0, i, 2 * S - S / 10));
        }
        assertFalse(latch.admit(NAT, 7, 0, SourceLatch.LEARNING_PACKETS - 1, 2 * S), "the window closed");
        assertNull(latch.latched());
    }

    @Test
    void aPrivateSignalledAddressIsNotSentToUntilASourceIsLearnedOrItSends() {
        SourceLatch latch = new SourceLatch();
        latch.signal(LAN, -1, 0, 101, 0, 2 * S);
        assertNull(latch.destination(), "nothing to an address that may be behind NAT, nor to a guesser");
        learn(latch, NAT, 3, 0, 1, S / 10);
        assertEquals(NAT, latch.destination());

        SourceLatch onLan = new SourceLatch();
        onLan.signal(LAN, -1, 0, 101, 0, 2 * S);
        assertTrue(onLan.admit(LAN, 3, 0, 1, S / 10), "a phone on our LAN latches with its first packet");
        assertEquals(LAN, onLan.destination());
    }

    @Test
    void natIsExpectedOnlyBehindAPrivateAddress() throws Exception {
        for (String ip : new String[] {"10.0.0.1", "172.16.5.5", "192.168.1.2", "100.64.0.1", "100.127.255.254",
                "169.254.1.1", "fd00::1", "fe80::1"}) {
            assertTrue(SourceLatch.behindNat(java.net.InetAddress.getByName(ip)), ip);
        }
        for (String ip : new String[] {"192.0.2.10", "100.128.0.1", "127.0.0.1", "8.8.8.8", "2001:db8::1"}) {
            assertFalse(SourceLatch.behindNat(java.net.InetAddress.getByName(ip)), ip);
        }
    }

    @Test
    void signalledOnlyNeverLearnsEvenBehindNat() {
        SourceLatch latch = new SourceLatch();
        latch.policy(MediaSourcePolicy.SIGNALLED_ONLY);
        latch.signal(LAN, -1, 0, 101, 0, 2 * S);
        for (int i = 0; i < 3 * SourceLatch.LEARNING_PACKETS; i++) {
            assertFalse(latch.admit(NAT, 5, 0, i, S / 10 + i * 20_000_000L), "a source that would pass learning");
        }
        assertNull(latch.latched());
        assertNull(latch.destination(), "a private signalled address is not sent to before it is heard");
        assertTrue(latch.admit(LAN, 5, 0, 1, S / 2), "the signalled address still latches");
        assertEquals(LAN, latch.destination());
    }

    @Test
    void learnTakesASourceElsewhereThanAPublicSignalledAddress() {
        SourceLatch byDefault = new SourceLatch();
        byDefault.signal(SIGNALLED, -1, 0, 101, 0, 2 * S);
        for (int i = 0; i < 2 * SourceLatch.LEARNING_PACKETS; i++) {
            assertFalse(byDefault.admit(NAT, 5, 0, i, S / 10 + i * 20_000_000L), "no learning by default");
        }
        assertEquals(SIGNALLED, byDefault.destination());

        SourceLatch latch = new SourceLatch();
        latch.policy(MediaSourcePolicy.LEARN);
        latch.signal(SIGNALLED, -1, 0, 101, 0, 2 * S);
        assertEquals(SIGNALLED, latch.destination(), "until a source passes, the public signalled address");
        learn(latch, NAT, 5, 0, 7, S / 10);
        assertEquals(NAT, latch.destination());
        assertFalse(latch.admit(ATTACKER, 9, 0, 1, S / 2), "once learned, nobody else");
        assertTrue(latch.admit(SIGNALLED, 1, 0, 1, S), "the signalled address wins within the window");
    }

    @Test
    void learningNeedsOneSsrcAndConsecutiveSequenceNumbersUnderLearnToo() {
        SourceLatch latch = new SourceLatch();
        latch.policy(MediaSourcePolicy.LEARN);
        latch.signal(SIGNALLED, -1, 0, 101, 0, 2 * S);
        for (int i = 0; i < 3 * SourceLatch.LEARNING_PACKETS; i++) {
            assertFalse(latch.admit(NAT, i % 2, 0, i, S / 10), "the SSRC changes every packet");
        }
        for (int i = 0; i < 3 * SourceLatch.LEARNING_PACKETS; i++) {
            assertFalse(latch.admit(ATTACKER, 9, 0, 2 * i, S / 10), "sequence numbers skip");
        }
        assertNull(latch.latched());
    }
}
