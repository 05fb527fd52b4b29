package io.switchboard.turn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.switchboard.turn.allocation.ClientPath;
import io.switchboard.turn.allocation.RelayEndpoint;
import io.switchboard.turn.api.TurnRestCredentials;
import io.switchboard.turn.api.TurnSettings;
import io.switchboard.turn.auth.LongTermKey;
import io.switchboard.turn.stun.StunClass;
import io.switchboard.turn.stun.StunDecoder;
import io.switchboard.turn.stun.StunMessage;
import io.switchboard.turn.stun.StunMethod;
import io.switchboard.turn.stun.StunResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The handlers through the dispatcher, on a virtual clock, with a fake relay socket and a fake client path:
 * every error of RFC 8656 the server sends, the lifetimes, the relay both ways.
 */
class TurnHandlersTest {

    static final String REALM = "switchboard";
    static final String SECRET = "demo-turn-secret";

    private long now = 1_800_000_000_000L;
    private final List<Relay> relays = new ArrayList<>();
    private final TurnDispatcher turn = new TurnDispatcher(settings(2), (allocation, port, done) -> {
        Relay r = new Relay(port);
        r.allocationHandle = allocation;
        relays.add(r);
        done.accept(r, null);
    }, () -> now);
    private final Client alice = new Client("203.0.113.10", 5000);

    static TurnSettings settings(int perUser) {
        return new TurnSettings("127.0.0.1", "127.0.0.1", 3478, 5349, null, null, REALM, SECRET,
                Map.of("turn-demo", "demo-password"), 50000, 50099, List.of("127.0.0.1"), List.of("127.0.0.1"),
                List.of(3478, 5349, 5060, 8080), perUser, 100, 0, 600, 20);
    }

    @AfterEach
    void release() {
        alice.received.forEach(ByteBuf::release);
        relays.forEach(r -> r.sent.forEach(ByteBuf::release));
    }

    @Test
    void allocateIsChallengedThenGranted() throws Exception {
        StunMessage challenge = alice.ask(allocate());
        assertEquals(401, challenge.errorCode());
        assertEquals(REALM, challenge.realm());
        assertNotNull(challenge.nonce());
        assertTrue(alice.lastSize <= 100, "a 401 stays small: " + alice.lastSize);

        StunMessage ok = alice.allocate("turn-demo", "demo-password");
        assertEquals(StunClass.SUCCESS, ok.messageClass());
        assertEquals(new InetSocketAddress("127.0.0.1", 50000), ok.xorRelayedAddress());
        assertEquals(alice.address, ok.xorMappedAddress());
        assertEquals(600, ok.lifetime());
        assertTrue(ok.integrityMatches(LongTermKey.of("turn-demo", REALM, "demo-password")));
        assertTrue(ok.hasFingerprint());
        assertEquals(1, turn.allocations());
    }

    @Test
    void aRetransmittedAllocateGetsTheSameAnswerAndAnotherOneGets437() throws Exception {
        Req first = alice.signed(allocate(), "turn-demo", "demo-password");
        StunMessage ok = alice.ask(first);
        StunMessage again = alice.ask(first);
        assertEquals(ok.xorRelayedAddress(), again.xorRelayedAddress());
        assertEquals(437, alice.ask(alice.signed(allocate(), "turn-demo", "demo-password")).errorCode());
    }

    @Test
    void requestedTransportMustBeUdp() throws Exception {
        StunResponse tcp = StunResponse.message(StunMethod.ALLOCATE, StunClass.REQUEST, tid()).requestedTransport(6);
        assertEquals(442, alice.ask(alice.signed(tcp, "turn-demo", "demo-password")).errorCode());
        StunResponse none = StunResponse.message(StunMethod.ALLOCATE, StunClass.REQUEST, tid());
        assertEquals(400, alice.ask(alice.signed(none, "turn-demo", "demo-password")).errorCode());
    }

    @Test
    void aNonceGoesStaleAndWrongPasswordsAreUnauthorized() throws Exception {
        alice.ask(allocate());
        now += 600_000;
        StunMessage stale = alice.ask(alice.signedWithOldNonce(allocate(), "turn-demo", "demo-password"));
        assertEquals(438, stale.errorCode());
        assertNotNull(stale.nonce());
        assertEquals(401, alice.ask(alice.signed(allocate(), "turn-demo", "wrong")).errorCode());
        assertEquals(401, alice.ask(alice.signed(allocate(), "nobody", "demo-password")).errorCode());
    }

    @Test
    void restCredentialsWorkUntilTheyExpire() throws Exception {
        TurnRestCredentials good = TurnRestCredentials.issue(SECRET, "alice", now / 1000 + 60);
        assertEquals(StunClass.SUCCESS, alice.allocate(good.username(), good.password()).messageClass());
        Client bob = new Client("203.0.113.11", 5000);
        TurnRestCredentials old = TurnRestCredentials.issue(SECRET, "bob", now / 1000 - 1);
        assertEquals(401, bob.ask(bob.signed(allocate(), old.username(), old.password())).errorCode());
        TurnRestCredentials forged = TurnRestCredentials.issue("other-secret", "bob", now / 1000 + 60);
        assertEquals(401, bob.ask(bob.signed(allocate(), forged.username(), forged.password())).errorCode());
    }

    @Test
    void theUserQuotaIs486() throws Exception {
        new Client("203.0.113.20", 1).allocate("turn-demo", "demo-password");
        new Client("203.0.113.21", 1).allocate("turn-demo", "demo-password");
        assertEquals(486, new Client("203.0.113.22", 1).allocate("turn-demo", "demo-password").errorCode());
    }

    @Test
    void refreshExtendsAndLifetimeZeroDeletes() throws Exception {
        alice.allocate("turn-demo", "demo-password");
        now += 599_000;
        StunMessage refreshed = alice.ask(alice.signed(refresh(1200), "turn-demo", "demo-password"));
        assertEquals(1200, refreshed.lifetime());
        now += 1_199_999;
        turn.sweep();
        assertEquals(1, turn.allocations(), "alive one millisecond before its refreshed lifetime ends");
        assertEquals(438, alice.ask(alice.signedWithOldNonce(refresh(0), "turn-demo", "demo-password")).errorCode(),
                "the nonce went stale meanwhile; the 438 brings a fresh one");
        StunMessage deleted = alice.ask(alice.signed(refresh(0), "turn-demo", "demo-password"));
        assertEquals(0, deleted.lifetime());
        assertEquals(0, turn.allocations());
        assertEquals(437, alice.ask(alice.signed(refresh(600), "turn-demo", "demo-password")).errorCode());
    }

    @Test
    void anAllocationExpiresAtTheEndOfItsLifetime() throws Exception {
        alice.allocate("turn-demo", "demo-password");
        now += 599_999;
        turn.sweep();
        assertEquals(1, turn.allocations());
        now += 1;
        turn.sweep();
        assertEquals(0, turn.allocations());
        assertTrue(relays.get(0).closed);
    }

    @Test
    void everyRefusedPeerClassGets403() throws Exception {
        alice.allocate("turn-demo", "demo-password");
        for (String peer : List.of("127.0.0.2", "0.0.0.0", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1",
                "169.254.1.1", "169.254.169.254", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
                "fc00::1", "ff02::1")) {
            assertEquals(403, permit(peer, 4000).errorCode(), peer);
        }
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) 203, 0, 113, 9};
        assertEquals(403, permit(java.net.Inet6Address.getByAddress(null, mapped, -1), 4000).errorCode(),
                "IPv4-mapped, even of a public address");
        assertEquals(403, permit("127.0.0.1", 3478).errorCode(), "the TURN port itself");
        assertEquals(403, permit("127.0.0.1", 5060).errorCode(), "the SIP port");
        assertEquals(443, permit("2001:db8::1", 4000).errorCode(), "IPv6 on an IPv4 relay");
        assertEquals(StunClass.SUCCESS, permit("127.0.0.1", 40000).messageClass(), "on the allow list");
        assertEquals(StunClass.SUCCESS, permit("198.51.100.1", 40000).messageClass());
    }

    @Test
    void permissionsAndChannelsNeedAnAllocation() throws Exception {
        assertEquals(437, permit("198.51.100.1", 4000).errorCode());
        assertEquals(437, alice.ask(alice.signed(channelBind(0x4000, "198.51.100.1", 4000), "turn-demo",
                "demo-password")).errorCode());
    }

    @Test
    void channelBindChecksItsNumberAndPeer() throws Exception {
        alice.allocate("turn-demo", "demo-password");
        assertEquals(400, bind(0x3FFF, "198.51.100.1", 4000).errorCode());
        assertEquals(400, bind(0x8000, "198.51.100.1", 4000).errorCode());
        assertEquals(StunClass.SUCCESS, bind(0x4000, "198.51.100.1", 4000).messageClass());
        assertEquals(400, bind(0x4000, "198.51.100.1", 4001).errorCode());
        assertEquals(400, bind(0x4001, "198.51.100.1", 4000).errorCode());
        assertEquals(403, bind(0x4002, "10.0.0.1", 4000).errorCode());
    }

    @Test
    void sendAndDataIndicationsRelayWithAPermissionOnly() throws Exception {
        alice.allocate("turn-demo", "demo-password");
        Relay relay = relays.get(0);
        alice.push(send("198.51.100.1", 4000, "early"));
        assertEquals(0, relay.sent.size(), "no permission yet: dropped");
        permit("198.51.100.1", 1);
        alice.push(send("198.51.100.1", 4000, "hello"));
        assertEquals("hello", relay.sent.get(0).toString(StandardCharsets.UTF_8));
        assertEquals(new InetSocketAddress("198.51.100.1", 4000), relay.peers.get(0));

        int before = alice.received.size();
        turn.fromPeer(allocationOf(), Unpooled.copiedBuffer("back", StandardCharsets.UTF_8),
                new InetSocketAddress("198.51.100.1", 4000));
        StunMessage data = StunDecoder.decode(alice.received.get(before));
        assertEquals(StunMethod.DATA, data.method());
        assertEquals("back", new String(data.data(), StandardCharsets.UTF_8));
        assertEquals(new InetSocketAddress("198.51.100.1", 4000), data.peers().get(0));

        turn.fromPeer(allocationOf(), Unpooled.copiedBuffer("stranger", StandardCharsets.UTF_8),
                new InetSocketAddress("198.51.100.2", 4000));
        assertEquals(before + 1, alice.received.size(), "a peer without permission is not relayed");
        now += 300_000;
        alice.push(send("198.51.100.1", 4000, "late"));
        assertEquals(1, relay.sent.size(), "the permission lapsed after 300 s");
    }

    @Test
    void channelDataRelaysBothWays() throws Exception {
        alice.allocate("turn-demo", "demo-password");
        bind(0x4001, "198.51.100.1", 4000);
        ByteBuf cd = Unpooled.buffer().writeShort(0x4001).writeShort(3).writeBytes(new byte[] {1, 2, 3, 0});
        alice.push(cd);
        Relay relay = relays.get(0);
        assertEquals("010203", ByteBufUtil.hexDump(relay.sent.get(0)));
        int before = alice.received.size();
        turn.fromPeer(allocationOf(), Unpooled.wrappedBuffer(new byte[] {9, 8}),
                new InetSocketAddress("198.51.100.1", 4000));
        assertEquals("40010002" + "0908", ByteBufUtil.hexDump(alice.received.get(before)));
        alice.push(Unpooled.buffer().writeShort(0x4005).writeShort(1).writeByte(1));
        assertEquals(1, relay.sent.size(), "an unbound channel is dropped");
    }

    @Test
    void evenPortWithReservationHandsTheNextPortToTheToken() throws Exception {
        StunResponse even = allocate().evenPort(true);
        StunMessage first = alice.ask(alice.signed(even, "turn-demo", "demo-password"));
        assertEquals(0, first.errorCode());
        assertEquals(50000, first.xorRelayedAddress().getPort());
        assertNotNull(first.reservationToken());
        Client second = new Client("203.0.113.12", 5000);
        StunMessage claimed = second.ask(second.signed(allocate().reservationToken(first.reservationToken()),
                "turn-demo", "demo-password"));
        assertEquals(50001, claimed.xorRelayedAddress().getPort());
    }

    @Test
    void unauthenticatedRepliesToOneSourceAreRateLimited() throws Exception {
        int answered = 0;
        for (int i = 0; i < 100; i++) {
            int before = alice.received.size();
            alice.push(Unpooled.wrappedBuffer(allocate().encode(null, false)));
            answered += alice.received.size() - before;
        }
        assertEquals(40, answered, "the burst of two seconds at 20 a second");
        assertEquals(60L, turn.counters().snapshot().get("rate_limited_total"));
        now += 1000;
        alice.push(Unpooled.wrappedBuffer(allocate().encode(null, false)));
        assertEquals(41, alice.received.size());
    }

    @Test
    void bindingAnswersTheReflexiveAddress() throws Exception {
        StunMessage r = alice.ask(StunResponse.message(StunMethod.BINDING, StunClass.REQUEST, tid()));
        assertEquals(alice.address, r.xorMappedAddress());
    }

    @Test
    void unknownComprehensionRequiredAttributesGet420() throws Exception {
        byte[] bytes = allocate().encode(null, false);
        ByteBuf b = Unpooled.buffer().writeBytes(bytes).writeShort(0x0031).writeShort(0);
        b.setShort(2, bytes.length - 20 + 4);
        alice.push(b);
        assertEquals(420, StunDecoder.decode(alice.received.get(alice.received.size() - 1)).errorCode());
    }

    private io.switchboard.turn.allocation.Allocation allocationOf() {
        return relays.get(relays.size() - 1).allocationHandle;
    }

    private StunMessage permit(String peer, int port) throws Exception {
        return permit(InetAddress.getByName(peer), port);
    }

    private StunMessage permit(InetAddress peer, int port) throws Exception {
        StunResponse r = StunResponse.message(StunMethod.CREATE_PERMISSION, StunClass.REQUEST, tid())
                .xorPeerAddress(new InetSocketAddress(peer, port));
        return alice.ask(alice.signed(r, "turn-demo", "demo-password"));
    }

    private StunMessage bind(int channel, String peer, int port) throws Exception {
        return alice.ask(alice.signed(channelBind(channel, peer, port), "turn-demo", "demo-password"));
    }

    private static StunResponse channelBind(int channel, String peer, int port) throws Exception {
        return StunResponse.message(StunMethod.CHANNEL_BIND, StunClass.REQUEST, tid()).channelNumber(channel)
                .xorPeerAddress(new InetSocketAddress(InetAddress.getByName(peer), port));
    }

    private static ByteBuf send(String peer, int port, String text) throws Exception {
        return Unpooled.wrappedBuffer(StunResponse.message(StunMethod.SEND, StunClass.INDICATION, tid())
                .xorPeerAddress(new InetSocketAddress(InetAddress.getByName(peer), port))
                .data(text.getBytes(StandardCharsets.UTF_8)).encode(null, false));
    }

    static StunResponse allocate() {
        return StunResponse.message(StunMethod.ALLOCATE, StunClass.REQUEST, tid()).requestedTransport(17);
    }

    static StunResponse refresh(int lifetime) {
        return StunResponse.message(StunMethod.REFRESH, StunClass.REQUEST, tid()).lifetime(lifetime);
    }

    static byte[] tid() {
        byte[] t = new byte[12];
        ThreadLocalRandom.current().nextBytes(t);
        return t;
    }

    /** A request and the key to sign it with when sent. */
    record Req(StunResponse request, byte[] key) {
    }

    /** A client on one 5-tuple: what the server sent it, and the nonce it last got. */
    final class Client implements ClientPath {
        final InetSocketAddress address;
        final List<ByteBuf> received = new ArrayList<>();
        String nonce;
        int lastSize;

        Client(String ip, int port) {
            this.address = new InetSocketAddress(ip, port);
        }

        StunMessage allocate(String user, String password) throws Exception {
            return ask(signed(TurnHandlersTest.allocate(), user, password));
        }

        /** {@code request} with USERNAME, REALM and the last NONCE (fetched first if there is none). */
        Req signed(StunResponse request, String user, String password) throws Exception {
            if (nonce == null) {
                ask(TurnHandlersTest.allocate());
            }
            return signedWithOldNonce(request, user, password);
        }

        Req signedWithOldNonce(StunResponse request, String user, String password) {
            return new Req(request.username(user).realm(REALM).nonce(nonce), LongTermKey.of(user, REALM, password));
        }

        StunMessage ask(StunResponse unsigned) throws Exception {
            return ask(new Req(unsigned, null));
        }

        /** Sends a request and returns the one answer. */
        StunMessage ask(Req req) throws Exception {
            int before = received.size();
            push(Unpooled.wrappedBuffer(req.request().encode(req.key(), true)));
            assertEquals(before + 1, received.size(), "one answer");
            ByteBuf answer = received.get(before);
            lastSize = answer.readableBytes();
            StunMessage m = StunDecoder.decode(answer);
            if (m.nonce() != null) {
                nonce = m.nonce();
            }
            return m;
        }

        void push(ByteBuf message) {
            try {
                turn.fromClient(message, address, k -> this);
            } finally {
                message.release();
            }
        }

        @Override
        public void send(ByteBuf message) {
            received.add(message);
        }

        @Override
        public boolean stream() {
            return false;
        }

        @Override
        public ByteBufAllocator alloc() {
            return ByteBufAllocator.DEFAULT;
        }

        @Override
        public InetSocketAddress client() {
            return address;
        }
    }

    /** A fake relay socket: what was sent to which peer. */
    static final class Relay implements RelayEndpoint {
        final int port;
        final List<ByteBuf> sent = new ArrayList<>();
        final List<InetSocketAddress> peers = new ArrayList<>();
        io.switchboard.turn.allocation.Allocation allocationHandle;
        boolean closed;

        Relay(int port) {
            this.port = port;
        }

        @Override
        public void sendToPeer(ByteBuf payload, InetSocketAddress peer) {
            sent.add(payload);
            peers.add(peer);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
