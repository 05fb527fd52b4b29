package io.switchboard.turn.allocation;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every allocation, keyed by its client's 5-tuple (RFC 8656 section 2.2: on UDP the client's address on a
 * listener, on TCP and TLS the connection), with the quotas per user and in total (486, section 7.2 step 10)
 * and expiry: {@link #sweep} ends allocations whose lifetime ran out and lapses their permissions and
 * channels. The owner of allocations: they end only through {@link #remove} or {@link #sweep}, which release
 * their relay socket and port. Owned by the TURN loop.
 */
public final class AllocationTable {

    /** Whether a user may make one more allocation. */
    public enum Admission {
        ADMITTED, USER_QUOTA, TOTAL_QUOTA
    }

    private final AllocationPolicy policy;
    private final RelayPortAllocator ports;
    private final Map<Object, Allocation> byKey = new HashMap<>();
    private final Map<String, Integer> perUser = new HashMap<>();
    private final Consumer<Allocation> onEnded;

    /** @param onEnded told of every allocation that ends, by refresh to 0, expiry or its connection closing */
    public AllocationTable(AllocationPolicy policy, RelayPortAllocator ports, Consumer<Allocation> onEnded) {
        this.policy = policy;
        this.ports = ports;
        this.onEnded = onEnded;
    }

    public AllocationPolicy policy() {
        return policy;
    }

    public RelayPortAllocator ports() {
        return ports;
    }

    public Allocation find(Object key) {
        return byKey.get(key);
    }

    public int size() {
        return byKey.size();
    }

    public Admission admit(String username) {
        if (byKey.size() >= policy.maxTotal()) {
            return Admission.TOTAL_QUOTA;
        }
        if (perUser.getOrDefault(username, 0) >= policy.maxPerUser()) {
            return Admission.USER_QUOTA;
        }
        return Admission.ADMITTED;
    }

    /**
     * Records a new allocation in {@code OPENING} state on a port the caller took from {@link #ports()}; its
     * lifetime starts now. {@code reservedPort} is the odd port held for its RESERVATION-TOKEN, or -1.
     */
    public Allocation create(Object key, String username, ClientPath client, byte[] transactionId, int relayPort,
                             InetSocketAddress relayAddress, int lifetimeSeconds, long nowMillis, int reservedPort) {
        if (byKey.containsKey(key)) {
            throw new IllegalStateException("an allocation exists for " + key);
        }
        Allocation a = new Allocation(key, username, client, transactionId, relayPort, relayAddress,
                nowMillis + lifetimeSeconds * 1000L, policy.bandwidthBytesPerSecond(), nowMillis, reservedPort);
        byKey.put(key, a);
        perUser.merge(username, 1, Integer::sum);
        return a;
    }

    /** Section 7.3 / 7.4: a Refresh with a non-zero lifetime. */
    public void refresh(Allocation a, int lifetimeSeconds, long nowMillis) {
        a.refresh(nowMillis + lifetimeSeconds * 1000L);
    }

    /** Section 9.2: installs or refreshes a permission for {@code peerIp}. */
    public void permit(Allocation a, int peerIp, long nowMillis) {
        a.permit(peerIp, nowMillis + policy.permissionSeconds() * 1000L);
    }

    /** Section 12.2: binds (or refreshes) a channel, which also installs or refreshes the peer's permission. */
    public Allocation.BindOutcome bind(Allocation a, int number, InetSocketAddress peer, long nowMillis) {
        Allocation.BindOutcome outcome = a.bind(number, peer, nowMillis + policy.channelSeconds() * 1000L);
        if (outcome == Allocation.BindOutcome.BOUND || outcome == Allocation.BindOutcome.REFRESHED) {
            permit(a, Allocation.ipv4(peer.getAddress()), nowMillis);
        }
        return outcome;
    }

    /** Ends an allocation now (Refresh with lifetime 0, its connection closed, its relay socket failed). */
    public void remove(Allocation a) {
        if (byKey.remove(a.key(), a)) {
            perUser.computeIfPresent(a.username(), (u, n) -> n == 1 ? null : n - 1);
            a.closed();
            ports.release(a.relayPort());
            onEnded.accept(a);
        }
    }

    /** Ends expired allocations and lapses expired permissions and channels and reservations. */
    public int sweep(long nowMillis) {
        List<Allocation> ended = new ArrayList<>();
        for (Iterator<Allocation> it = byKey.values().iterator(); it.hasNext(); ) {
            Allocation a = it.next();
            if (a.expired(nowMillis)) {
                ended.add(a);
            } else {
                a.sweep(nowMillis);
            }
        }
        ended.forEach(this::remove);
        ports.sweep(nowMillis);
        return ended.size();
    }

    /** Ends every allocation (the server is stopping). */
    public void clear() {
        new ArrayList<>(byKey.values()).forEach(this::remove);
    }
}
