package io.switchboard.turn.allocation;

import java.net.InetAddress;
import java.util.BitSet;
import java.util.List;

/**
 * Keeps the relay from becoming an open proxy into the operator's network (RFC 8656 section 21.2.3, stricter
 * than coturn's defaults): refuses peers on loopback, unspecified, IPv4-mapped IPv6, private, CGNAT,
 * link-local and metadata, multicast and reserved addresses, unless an operator allow-list block holds them
 * (the media relay's advertised address is always on that list); and refuses this server's own listening
 * ports on its own addresses, allow list or not. Immutable, built once at start.
 */
public final class PeerAddressFilter {

    private static final List<Rule> RULES = List.of(
            new Rule("0.0.0.0/8", PeerVerdict.UNSPECIFIED), new Rule("::/128", PeerVerdict.UNSPECIFIED),
            new Rule("127.0.0.0/8", PeerVerdict.LOOPBACK), new Rule("::1/128", PeerVerdict.LOOPBACK),
            new Rule(new AddressBlock(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0}, 96),
                    PeerVerdict.IPV4_MAPPED), // ::ffff:0:0/96, which InetAddress would parse as IPv4
            new Rule("169.254.169.254/32", PeerVerdict.METADATA), new Rule("fd00:ec2::254/128", PeerVerdict.METADATA),
            new Rule("169.254.0.0/16", PeerVerdict.LINK_LOCAL), new Rule("fe80::/10", PeerVerdict.LINK_LOCAL),
            new Rule("10.0.0.0/8", PeerVerdict.PRIVATE), new Rule("172.16.0.0/12", PeerVerdict.PRIVATE),
            new Rule("192.168.0.0/16", PeerVerdict.PRIVATE), new Rule("fc00::/7", PeerVerdict.PRIVATE),
            new Rule("100.64.0.0/10", PeerVerdict.CGNAT),
            new Rule("224.0.0.0/4", PeerVerdict.MULTICAST), new Rule("ff00::/8", PeerVerdict.MULTICAST),
            new Rule("240.0.0.0/4", PeerVerdict.RESERVED));

    private record Rule(AddressBlock block, PeerVerdict verdict) {
        Rule(String cidr, PeerVerdict verdict) {
            this(AddressBlock.parse(cidr), verdict);
        }
    }

    private final List<AddressBlock> allowed;
    private final List<AddressBlock> ownAddresses;
    private final BitSet ownPorts;

    /**
     * @param allowed      operator allow list (with the media relay's advertised address)
     * @param ownAddresses this server's addresses (the advertised one, the bind address or every interface's)
     * @param ownPorts     this server's listening ports (SIP, HTTP, TURN)
     */
    public PeerAddressFilter(List<AddressBlock> allowed, List<AddressBlock> ownAddresses, List<Integer> ownPorts) {
        this.allowed = List.copyOf(allowed);
        this.ownAddresses = List.copyOf(ownAddresses);
        this.ownPorts = new BitSet(65536);
        ownPorts.forEach(this.ownPorts::set);
    }

    public PeerVerdict check(InetAddress peer, int port) {
        byte[] bytes = peer.getAddress();
        if (ownPorts.get(port) && (in(ownAddresses, bytes) || peer.isAnyLocalAddress() || peer.isLoopbackAddress()
                && in(allowed, bytes))) {
            return PeerVerdict.OWN_PORT;
        }
        if (in(allowed, bytes)) {
            return PeerVerdict.ALLOWED;
        }
        for (Rule rule : RULES) {
            if (rule.block.contains(bytes)) {
                return rule.verdict;
            }
        }
        return PeerVerdict.ALLOWED;
    }

    /**
     * The per-packet check of a peer whose address already has a permission (so it passed {@link #check}):
     * only the own-port rule can still refuse it. Allocation-free for IPv4.
     */
    public boolean ownPort(int ipv4, int port) {
        if (!ownPorts.get(port)) {
            return false;
        }
        byte[] bytes = {(byte) (ipv4 >> 24), (byte) (ipv4 >> 16), (byte) (ipv4 >> 8), (byte) ipv4};
        return in(ownAddresses, bytes) || in(allowed, bytes) && (bytes[0] == 127 || bytes[0] == 0);
    }

    private static boolean in(List<AddressBlock> blocks, byte[] address) {
        for (AddressBlock b : blocks) {
            if (b.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
