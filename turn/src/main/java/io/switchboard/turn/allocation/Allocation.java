package io.switchboard.turn.allocation;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One allocation (RFC 8656 section 5): its client's 5-tuple key, the user who made it, the relayed port, its
 * lifetime, and its permissions (by peer IPv4 address, section 9) and channel bindings (section 12), each
 * with its own expiry. Permissions and channels sit in small arrays searched linearly: an allocation has a
 * handful, and the per-packet lookups then cost no allocation. Owned by the TURN loop.
 */
public final class Allocation {

    /** {@code OPENING} while the relay socket binds; {@code OPEN} relays; {@code CLOSED} is final. */
    public enum State {
        OPENING, OPEN, CLOSED
    }

    /** The outcome of a ChannelBind against the bindings already there (section 12.2). */
    public enum BindOutcome {
        BOUND, REFRESHED, NUMBER_BOUND_TO_OTHER_PEER, PEER_BOUND_TO_OTHER_NUMBER
    }

    private final Object key;
    private final String username;
    private final ClientPath client;
    private final byte[] allocateTransaction;
    private final int relayPort;
    private final InetSocketAddress relayAddress;
    private final TokenBucket toPeerBudget;
    private final TokenBucket toClientBudget;
    private final int reservedPort;
    private State state = State.OPENING;
    private RelayEndpoint relay;
    private long expiresAt;
    private byte[] allocateResponse;

    private int[] permissionIps = new int[4];
    private long[] permissionExpiry = new long[4];
    private int permissions;
    private ChannelBinding[] channels = new ChannelBinding[2];
    private int channelCount;

    private int cachedPeerIp;
    private int cachedPeerPort = -1;
    private InetSocketAddress cachedPeer;

    /** Counted on the loop, read by metrics. */
    private long packetsToPeer;
    private long packetsToClient;

    Allocation(Object key, String username, ClientPath client, byte[] allocateTransaction, int relayPort,
               InetSocketAddress relayAddress, long expiresAt, long bandwidthBytesPerSecond, long nowMillis,
               int reservedPort) {
        this.key = key;
        this.username = username;
        this.client = client;
        this.allocateTransaction = allocateTransaction.clone();
        this.relayPort = relayPort;
        this.relayAddress = relayAddress;
        this.expiresAt = expiresAt;
        this.reservedPort = reservedPort;
        if (bandwidthBytesPerSecond > 0) {
            // a burst of half a second at the cap absorbs a video key frame without letting a flood through
            long burst = Math.max(bandwidthBytesPerSecond / 2, 65_536);
            this.toPeerBudget = new TokenBucket(bandwidthBytesPerSecond, burst, nowMillis);
            this.toClientBudget = new TokenBucket(bandwidthBytesPerSecond, burst, nowMillis);
        } else {
            this.toPeerBudget = null;
            this.toClientBudget = null;
        }
    }

    public Object key() {
        return key;
    }

    public String username() {
        return username;
    }

    public ClientPath client() {
        return client;
    }

    public int relayPort() {
        return relayPort;
    }

    /** The port held for a RESERVATION-TOKEN with this allocation's port, -1 when none. */
    public int reservedPort() {
        return reservedPort;
    }

    public InetSocketAddress relayAddress() {
        return relayAddress;
    }

    public State state() {
        return state;
    }

    public long expiresAt() {
        return expiresAt;
    }

    /** The relay socket is bound: the allocation relays from now on. */
    public void opened(RelayEndpoint endpoint) {
        if (state != State.OPENING) {
            throw new IllegalStateException("allocation " + key + " is " + state + ", not OPENING");
        }
        this.relay = endpoint;
        this.state = State.OPEN;
    }

    public RelayEndpoint relay() {
        return relay;
    }

    void closed() {
        state = State.CLOSED;
        if (relay != null) {
            relay.close();
        }
    }

    /** True when {@code transactionId} is the Allocate that made this allocation (a retransmission). */
    public boolean madeBy(byte[] transactionId) {
        return Arrays.equals(allocateTransaction, transactionId);
    }

    /** The success response sent to the Allocate, kept for its retransmissions (section 7.2). */
    public byte[] allocateResponse() {
        return allocateResponse;
    }

    public void rememberAllocateResponse(byte[] response) {
        this.allocateResponse = response;
    }

    void refresh(long expiresAt) {
        this.expiresAt = expiresAt;
    }

    boolean expired(long nowMillis) {
        return expiresAt <= nowMillis;
    }

    /** Section 9: installs or refreshes the permission for {@code peerIp}. */
    public void permit(int peerIp, long expiresAt) {
        for (int i = 0; i < permissions; i++) {
            if (permissionIps[i] == peerIp) {
                permissionExpiry[i] = expiresAt;
                return;
            }
        }
        if (permissions == permissionIps.length) {
            permissionIps = Arrays.copyOf(permissionIps, permissions * 2);
            permissionExpiry = Arrays.copyOf(permissionExpiry, permissions * 2);
        }
        permissionIps[permissions] = peerIp;
        permissionExpiry[permissions] = expiresAt;
        permissions++;
    }

    /** True when a permission for {@code peerIp} is installed and not expired at {@code nowMillis}. */
    public boolean permitted(int peerIp, long nowMillis) {
        for (int i = 0; i < permissions; i++) {
            if (permissionIps[i] == peerIp) {
                return permissionExpiry[i] > nowMillis;
            }
        }
        return false;
    }

    public int permissionCount() {
        return permissions;
    }

    /** Section 12.2 steps: a number is bound to one peer and a peer to one number, for the binding's life. */
    public BindOutcome bind(int number, InetSocketAddress peer, long expiresAt) {
        int ip = ipv4(peer.getAddress());
        for (int i = 0; i < channelCount; i++) {
            ChannelBinding c = channels[i];
            boolean samePeer = c.matches(ip, peer.getPort());
            if (c.number() == number) {
                if (!samePeer) {
                    return BindOutcome.NUMBER_BOUND_TO_OTHER_PEER;
                }
                c.refresh(expiresAt);
                return BindOutcome.REFRESHED;
            }
            if (samePeer) {
                return BindOutcome.PEER_BOUND_TO_OTHER_NUMBER;
            }
        }
        if (channelCount == channels.length) {
            channels = Arrays.copyOf(channels, channelCount * 2);
        }
        channels[channelCount++] = new ChannelBinding(number, peer, ip, expiresAt);
        return BindOutcome.BOUND;
    }

    /** The live binding of {@code number}, or null. */
    public ChannelBinding channel(int number, long nowMillis) {
        for (int i = 0; i < channelCount; i++) {
            ChannelBinding c = channels[i];
            if (c.number() == number) {
                return c.expiresAt() > nowMillis ? c : null;
            }
        }
        return null;
    }

    /** The live binding to peer {@code ip}:{@code port}, or null. */
    public ChannelBinding channelTo(int ip, int port, long nowMillis) {
        for (int i = 0; i < channelCount; i++) {
            ChannelBinding c = channels[i];
            if (c.matches(ip, port)) {
                return c.expiresAt() > nowMillis ? c : null;
            }
        }
        return null;
    }

    public int channelCount() {
        return channelCount;
    }

    /** The peer as an address object, reused while the same peer is sent to (Send indications). */
    public InetSocketAddress peerAddress(int ip, int port) {
        if (cachedPeer == null || cachedPeerIp != ip || cachedPeerPort != port) {
            byte[] b = {(byte) (ip >> 24), (byte) (ip >> 16), (byte) (ip >> 8), (byte) ip};
            try {
                cachedPeer = new InetSocketAddress(InetAddress.getByAddress(b), port);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
            cachedPeerIp = ip;
            cachedPeerPort = port;
        }
        return cachedPeer;
    }

    /** The bandwidth cap towards peers: false when sending {@code bytes} now would exceed it. */
    public boolean spendToPeer(int bytes, long nowMillis) {
        packetsToPeer++;
        return toPeerBudget == null || toPeerBudget.take(bytes, nowMillis);
    }

    /** The bandwidth cap towards the client. */
    public boolean spendToClient(int bytes, long nowMillis) {
        packetsToClient++;
        return toClientBudget == null || toClientBudget.take(bytes, nowMillis);
    }

    /** Drops expired permissions and channels (sections 9 and 12: they simply lapse). */
    void sweep(long nowMillis) {
        int kept = 0;
        for (int i = 0; i < permissions; i++) {
            if (permissionExpiry[i] > nowMillis) {
                permissionIps[kept] = permissionIps[i];
                permissionExpiry[kept] = permissionExpiry[i];
                kept++;
            }
        }
        permissions = kept;
        kept = 0;
        for (int i = 0; i < channelCount; i++) {
            if (channels[i].expiresAt() > nowMillis) {
                channels[kept++] = channels[i];
            }
        }
        Arrays.fill(channels, kept, channelCount, null);
        channelCount = kept;
    }

    /** The IPv4 address as an int; Inet4Address.hashCode() is exactly that, and costs nothing. */
    public static int ipv4(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("not IPv4: " + address);
        }
        return address.hashCode();
    }

    @Override
    public String toString() {
        return "Allocation[" + username + " " + client.client() + " -> relay " + relayPort + " " + state + "]";
    }
}
