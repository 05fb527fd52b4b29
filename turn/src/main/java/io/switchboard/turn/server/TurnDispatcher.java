package io.switchboard.turn.server;

import io.netty.buffer.ByteBuf;
import io.switchboard.turn.allocation.AddressBlock;
import io.switchboard.turn.allocation.Allocation;
import io.switchboard.turn.allocation.AllocationPolicy;
import io.switchboard.turn.allocation.AllocationTable;
import io.switchboard.turn.allocation.ClientPath;
import io.switchboard.turn.allocation.PeerAddressFilter;
import io.switchboard.turn.allocation.RangeRelayPortAllocator;
import io.switchboard.turn.allocation.SourceRateLimiter;
import io.switchboard.turn.api.TurnSettings;
import io.switchboard.turn.auth.CredentialStore;
import io.switchboard.turn.auth.LongTermAuthenticator;
import io.switchboard.turn.auth.NonceIssuer;
import io.switchboard.turn.auth.RestSecretCredentials;
import io.switchboard.turn.auth.StaticUsers;
import io.switchboard.turn.stun.RelayFraming;
import io.switchboard.turn.stun.StunDecoder;
import io.switchboard.turn.stun.StunFormatException;
import io.switchboard.turn.stun.StunMessage;
import io.switchboard.turn.stun.StunMethod;
import io.switchboard.turn.stun.StunResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every message from a client and every datagram from a peer enters the TURN logic. It tells
 * ChannelData and Send indications (the hot path, straight to {@link RelayPath}) from STUN requests, which
 * it decodes, checks (420, 400), authenticates (401, 438) and hands to the handler of their method through
 * a table. Runs on the TURN loop only; the clock is injected, so tests drive it on virtual time.
 */
public final class TurnDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(TurnDispatcher.class);
    /** Burst of unauthenticated replies to one source before its rate applies. */
    private static final int UNAUTHENTICATED_BURST_FACTOR = 2;
    private static final int MAX_TRACKED_SOURCES = 100_000;

    private final LongSupplier clock;
    private final AllocationTable table;
    private final LongTermAuthenticator auth;
    private final SourceRateLimiter limiter;
    private final TurnCounters counters = new TurnCounters();
    private final Replies replies;
    private final RelayPath relay;
    private final BindingHandler binding;
    private final Map<StunMethod, TurnHandler> handlers = new EnumMap<>(StunMethod.class);

    public TurnDispatcher(TurnSettings settings, RelayOpener opener, LongSupplier clockMillis) {
        this.clock = clockMillis;
        AllocationPolicy policy = AllocationPolicy.of(settings.maxAllocationsPerUser(), settings.maxAllocations(),
                settings.bandwidthBytesPerSecond());
        this.table = new AllocationTable(policy,
                new RangeRelayPortAllocator(settings.relayPortLow(), settings.relayPortHigh())
                        .excluding(settings.ownPorts()),
                a -> LOG.debug("TURN allocation ended: {}", a));
        List<CredentialStore> stores = new ArrayList<>();
        stores.add(new StaticUsers(settings.realm(), settings.staticUsers()));
        if (settings.restSecret() != null && !settings.restSecret().isEmpty()) {
            stores.add(new RestSecretCredentials(settings.restSecret(), settings.realm()));
        }
        this.auth = new LongTermAuthenticator(settings.realm(), new NonceIssuer(settings.nonceSeconds() * 1000L),
                stores);
        this.limiter = new SourceRateLimiter(settings.unauthenticatedPerSecond(),
                (long) settings.unauthenticatedPerSecond() * UNAUTHENTICATED_BURST_FACTOR, MAX_TRACKED_SOURCES);
        this.replies = new Replies(TurnSettings.SOFTWARE, auth, limiter, counters);
        PeerAddressFilter filter = new PeerAddressFilter(blocks(settings.allowedPeers()),
                blocks(settings.ownAddresses()), settings.ownPorts());
        this.relay = new RelayPath(filter, counters);
        PeerChecks peers = new PeerChecks(filter, counters);
        Runnable sizeChanged = () -> counters.allocationsActive.set(table.size());
        this.binding = new BindingHandler(replies);
        InetAddress relayAddress = literal(settings.relayAddress());
        handlers.put(StunMethod.ALLOCATE, new AllocateHandler(table, opener, relayAddress, replies, counters,
                sizeChanged));
        handlers.put(StunMethod.REFRESH, new RefreshHandler(table, replies, sizeChanged));
        handlers.put(StunMethod.CREATE_PERMISSION, new CreatePermissionHandler(table, peers, replies));
        handlers.put(StunMethod.CHANNEL_BIND, new ChannelBindHandler(table, peers, replies));
    }

    public TurnCounters counters() {
        return counters;
    }

    /** Allocations now, for tests and health. */
    public int allocations() {
        return table.size();
    }

    /**
     * A datagram or stream frame from a client with 5-tuple {@code key}; {@code buf} is not consumed.
     * {@code pathOf} makes the way back to the client, only when a response is due.
     */
    public void fromClient(ByteBuf buf, Object key, Function<Object, ClientPath> pathOf) {
        long now = clock.getAsLong();
        if (RelayFraming.isChannelData(buf)) {
            Allocation a = table.find(key);
            if (a == null || a.state() != Allocation.State.OPEN) {
                counters.dropped("no_allocation");
                return;
            }
            relay.channelData(a, buf, now);
            return;
        }
        if (RelayFraming.isSendIndication(buf)) {
            Allocation a = table.find(key);
            if (a == null || a.state() != Allocation.State.OPEN) {
                counters.dropped("no_allocation");
                return;
            }
            relay.sendIndication(a, buf, now);
            return;
        }
        if (!StunDecoder.looksLikeStun(buf)) {
            counters.dropped("not_stun");
            return;
        }
        StunMessage m;
        try {
            m = StunDecoder.decode(buf);
        } catch (StunFormatException e) {
            // RFC 8489 section 6.3: a malformed message is silently discarded.
            counters.dropped("malformed");
            LOG.debug("TURN: dropped a malformed message from {}: {}", key, e.getMessage());
            return;
        }
        if (!m.isRequest()) {
            counters.dropped(m.isIndication() ? "indication" : "response");
            return;
        }
        counters.requests.increment();
        onRequest(new Exchange(m, pathOf.apply(key), key, now, null, null));
    }

    private void onRequest(Exchange x) {
        StunMessage m = x.request();
        // RFC 8489 section 6.3.1: unknown comprehension-required attributes -> 420 listing them.
        if (!m.unknownRequired().isEmpty()) {
            replies.unauthenticatedError(x, StunResponse.error(m, 420, "Unknown Attribute")
                    .unknownAttributes(m.unknownRequired()));
            return;
        }
        if (m.badAttribute() != null) {
            LOG.info("TURN: bad request from {}: {}", x.path().client(), m.badAttribute());
            replies.unauthenticatedError(x, StunResponse.error(m, 400, "Bad Request"));
            return;
        }
        if (m.method() == StunMethod.BINDING) {
            binding.handle(x);
            return;
        }
        TurnHandler handler = handlers.get(m.method());
        if (handler == null) {
            replies.unauthenticatedError(x, StunResponse.error(m, 400, "Bad Request"));
            return;
        }
        LongTermAuthenticator.Result result = auth.check(m, x.now());
        switch (result.outcome()) {
            case CHALLENGE, WRONG_CREDENTIALS -> replies.challenge(x, 401);
            case STALE_NONCE -> replies.challenge(x, 438);
            case MISSING_ATTRIBUTE -> replies.unauthenticatedError(x, StunResponse.error(m, 400, "Bad Request"));
            case AUTHENTIC -> handler.handle(x.authenticated(result.username(), result.key()));
        }
    }

    /** A datagram from a peer on {@code allocation}'s relay socket; {@code payload} is not consumed. */
    public void fromPeer(Allocation allocation, ByteBuf payload, InetSocketAddress sender) {
        relay.fromPeer(allocation, payload, sender, clock.getAsLong());
    }

    /** The client's TCP or TLS connection closed: its allocation ends with it (RFC 8656 section 3.1). */
    public void connectionClosed(Object key) {
        Allocation a = table.find(key);
        if (a != null) {
            table.remove(a);
            counters.allocationsActive.set(table.size());
        }
    }

    /** The relay socket of {@code allocation} failed or closed under it: the allocation ends. */
    public void relayClosed(Allocation allocation) {
        if (table.find(allocation.key()) == allocation) {
            table.remove(allocation);
            counters.allocationsActive.set(table.size());
        }
    }

    /** Expires allocations, permissions, channels, reservations and idle rate-limit entries; every second. */
    public void sweep() {
        long now = clock.getAsLong();
        table.sweep(now);
        limiter.sweep(now);
        counters.allocationsActive.set(table.size());
    }

    /** Ends every allocation (the server stops). */
    public void close() {
        table.clear();
        counters.allocationsActive.set(0);
    }

    private static List<AddressBlock> blocks(List<String> cidrs) {
        return cidrs.stream().map(AddressBlock::parse).toList();
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("TURN relay address " + address + ": " + e.getMessage(), e);
        }
    }
}
