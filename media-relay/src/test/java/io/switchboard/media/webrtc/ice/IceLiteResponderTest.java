package io.switchboard.media.webrtc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class IceLiteResponderTest {
    /** RFC 5769 section 2.1: the sample request (username "evtj:h6vY", password "VOkJxbRl1RmTxUk/WvJxBt"). */
    static final byte[] RFC5769_REQUEST = HexFormat.of().parseHex(
            "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e20746573742063"
                    + "6c69656e74002400046e0001ff80290008932ff9b151263b36000600096576746a3a6836"
                    + "7659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2802800"
                    + "04e57a3bcf");
    static final long SECOND = 1_000_000_000L;
    static final InetSocketAddress HOST = new InetSocketAddress("192.0.2.10", 54312);
    static final InetSocketAddress RELAY = new InetSocketAddress("203.0.113.5", 61221);

    final IceCredentials ours = new IceCredentials("evtj", "VOkJxbRl1RmTxUk/WvJxBt");
    final List<InetSocketAddress> selections = new ArrayList<>();
    final List<String> expiries = new ArrayList<>();
    final List<byte[]> responses = new ArrayList<>();
    final IceLiteResponder.Listener listener = new IceLiteResponder.Listener() {
        @Override
        public void selected(InetSocketAddress remote) {
            selections.add(remote);
        }

        @Override
        public void consentExpired() {
            expiries.add("expired");
        }
    };
    final IceLiteResponder.Responder responder = (response, to) -> responses.add(response);

    IceLiteResponder responder(long now) {
        IceLiteResponder r = new IceLiteResponder("e1", ours, listener, now);
        r.remote("h6vY", now);
        return r;
    }

    @Test
    void rfc5769SampleRequestVerifiesAndEveryOneByteFlipFails() {
        StunCheck check = StunCodec.decode(RFC5769_REQUEST, RFC5769_REQUEST.length);
        assertNotNull(check);
        assertEquals("evtj:h6vY", check.username());
        assertTrue(check.fingerprinted());
        assertTrue(StunCodec.integrityValid(RFC5769_REQUEST, check, ours.key()));
        for (int i = 0; i < RFC5769_REQUEST.length; i++) {
            byte[] flipped = RFC5769_REQUEST.clone();
            flipped[i] ^= 0x01;
            IceLiteResponder r = responder(0);
            r.receive(flipped, flipped.length, HOST, 0, responder);
            assertNull(r.selected(), "flip at byte " + i + " still validated the pair");
        }
        assertTrue(responses.stream().noneMatch(b -> StunRequests.type(b) == 0x0101), "no success for a flip");
    }

    @Test
    void answersAValidCheckWithXorMappedAddressIntegrityAndFingerprint() {
        IceLiteResponder r = responder(0);
        r.receive(RFC5769_REQUEST, RFC5769_REQUEST.length, HOST, 0, responder);
        assertEquals(1, responses.size());
        byte[] response = responses.get(0);
        assertEquals(0x0101, StunRequests.type(response));
        assertArrayEquals(java.util.Arrays.copyOfRange(RFC5769_REQUEST, 8, 20),
                java.util.Arrays.copyOfRange(response, 8, 20), "same transaction id");
        assertEquals("192.0.2.10:54312", StunRequests.xorMapped(response));
        assertTrue(StunRequests.integrityValid(response, ours.pwd()));
        assertNotNull(StunCodec.decode(response, response.length), "the FINGERPRINT matches");
        assertEquals(List.of(HOST), selections, "the first valid pair carries DTLS until one is nominated");
        assertTrue(r.validated(HOST));
        assertFalse(r.validated(RELAY));
    }

    @Test
    void wrongPasswordOrUsernameIs401AndValidatesNothing() {
        IceLiteResponder r = responder(0);
        byte[] badPwd = StunRequests.check("evtj:h6vY", "not-the-password-at-all", true);
        r.receive(badPwd, badPwd.length, HOST, 0, responder);
        byte[] badUser = StunRequests.check("nope:h6vY", ours.pwd(), true);
        r.receive(badUser, badUser.length, HOST, 0, responder);
        assertEquals(401, StunRequests.errorCode(responses.get(0)));
        assertEquals(401, StunRequests.errorCode(responses.get(1)));
        assertFalse(StunRequests.integrityValid(responses.get(0), ours.pwd()), "no integrity on a 401");
        assertTrue(selections.isEmpty());
        assertNull(r.selected());
        assertEquals(2, r.unauthorized());
    }

    @Test
    void checksWithoutIntegrityAre400AndWithoutFingerprintToo() {
        IceLiteResponder r = responder(0);
        byte[] txid = new byte[12];
        byte[] noIntegrity = StunRequests.check(txid, "evtj:h6vY", ours.pwd(), true, false, true);
        r.receive(noIntegrity, noIntegrity.length, HOST, 0, responder);
        byte[] noFingerprint = StunRequests.check(txid, "evtj:h6vY", ours.pwd(), true, true, false);
        r.receive(noFingerprint, noFingerprint.length, HOST, 0, responder);
        assertEquals(400, StunRequests.errorCode(responses.get(0)));
        assertEquals(400, StunRequests.errorCode(responses.get(1)));
        assertTrue(selections.isEmpty());
    }

    @Test
    void followsTheNominatedPairFromHostToRelayAndBack() {
        IceLiteResponder r = responder(0);
        send(r, HOST, false, 0);
        send(r, RELAY, false, 0);
        assertEquals(List.of(HOST), selections, "validated, not nominated: the first pair stays");
        send(r, RELAY, true, SECOND);
        send(r, HOST, true, 2 * SECOND);
        send(r, HOST, true, 3 * SECOND);
        assertEquals(List.of(HOST, RELAY, HOST), selections);
        assertEquals(HOST, r.selected());
    }

    @Test
    void consentExpiresThirtySecondsAfterTheLastValidCheckOnTheSelectedPair() {
        IceLiteResponder r = responder(0);
        send(r, HOST, true, 0);
        for (long t = 5; t <= 25; t += 5) {
            send(r, HOST, false, t * SECOND); // consent checks every 5 s, as browsers send them
            r.tick(t * SECOND);
        }
        r.tick(54 * SECOND);
        assertTrue(expiries.isEmpty(), "29 s after the last check consent still holds");
        send(r, RELAY, false, 40 * SECOND); // checks on another pair do not refresh the selected one
        r.tick(55 * SECOND);
        assertEquals(List.of("expired"), expiries);
        assertEquals(IceLiteResponder.State.EXPIRED, r.state());
        r.tick(200 * SECOND);
        assertEquals(1, expiries.size(), "reported once");
        send(r, HOST, true, 201 * SECOND);
        assertEquals(List.of(HOST), selections, "an expired responder answers nothing more");
    }

    @Test
    void noCheckAtAllExpiresToo() {
        IceLiteResponder r = responder(0);
        r.tick(29 * SECOND);
        assertTrue(expiries.isEmpty());
        r.tick(30 * SECOND);
        assertEquals(1, expiries.size());
    }

    @Test
    void iceRestartTakesTheNewCredentialsAndKeepsTheSelectedPair() {
        IceLiteResponder r = responder(0);
        send(r, HOST, true, 0);
        IceCredentials fresh = IceCredentials.random();
        r.restart(fresh, "n3wU");
        assertEquals(HOST, r.selected(), "media keeps flowing on the old pair during the restart");
        byte[] old = StunRequests.check("evtj:h6vY", ours.pwd(), true);
        r.receive(old, old.length, RELAY, SECOND, responder);
        assertEquals(401, StunRequests.errorCode(responses.get(responses.size() - 1)));
        byte[] renewed = StunRequests.check(fresh.ufrag() + ":n3wU", fresh.pwd(), true);
        r.receive(renewed, renewed.length, RELAY, 2 * SECOND, responder);
        assertEquals(0x0101, StunRequests.type(responses.get(responses.size() - 1)));
        assertEquals(RELAY, r.selected());
    }

    @Test
    void indicationsAndGarbageAreIgnored() {
        IceLiteResponder r = responder(0);
        byte[] indication = StunRequests.withFingerprint(StunRequests.message(0x0011, new byte[12], new byte[0]));
        r.receive(indication, indication.length, HOST, 0, responder);
        byte[] garbage = {0, 1, 0, 0, 1, 2, 3};
        r.receive(garbage, garbage.length, HOST, 0, responder);
        assertTrue(responses.isEmpty());
    }

    private void send(IceLiteResponder r, InetSocketAddress from, boolean useCandidate, long now) {
        byte[] check = StunRequests.check("evtj:h6vY", ours.pwd(), useCandidate);
        r.receive(check, check.length, from, now, responder);
    }
}
