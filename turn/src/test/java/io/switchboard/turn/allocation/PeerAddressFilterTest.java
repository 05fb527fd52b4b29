package io.switchboard.turn.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every refused class of peer, the allow list, and the server's own ports. */
class PeerAddressFilterTest {

    private final PeerAddressFilter strict = new PeerAddressFilter(List.of(), List.of(AddressBlock.parse("198.51.100.7")),
            List.of(5060, 8080, 3478));
    /** As with --public-address 127.0.0.1: the relay's address is on the allow list and is our own. */
    private final PeerAddressFilter local = new PeerAddressFilter(List.of(AddressBlock.parse("127.0.0.1")),
            List.of(AddressBlock.parse("127.0.0.1")), List.of(5060, 8080, 3478));

    @Test
    void refusedClasses() throws Exception {
        assertEquals(PeerVerdict.LOOPBACK, strict.check(ip("127.0.0.1"), 9));
        assertEquals(PeerVerdict.LOOPBACK, strict.check(ip("::1"), 9));
        assertEquals(PeerVerdict.UNSPECIFIED, strict.check(ip("0.0.0.0"), 9));
        assertEquals(PeerVerdict.UNSPECIFIED, strict.check(ip("::"), 9));
        assertEquals(PeerVerdict.IPV4_MAPPED, strict.check(mapped(203, 0, 113, 9), 9));
        assertEquals(PeerVerdict.PRIVATE, strict.check(ip("10.1.2.3"), 9));
        assertEquals(PeerVerdict.PRIVATE, strict.check(ip("172.31.255.1"), 9));
        assertEquals(PeerVerdict.PRIVATE, strict.check(ip("192.168.0.1"), 9));
        assertEquals(PeerVerdict.PRIVATE, strict.check(ip("fd12::1"), 9));
        assertEquals(PeerVerdict.CGNAT, strict.check(ip("100.64.0.1"), 9));
        assertEquals(PeerVerdict.CGNAT, strict.check(ip("100.127.255.254"), 9));
        assertEquals(PeerVerdict.LINK_LOCAL, strict.check(ip("169.254.1.1"), 9));
        assertEquals(PeerVerdict.METADATA, strict.check(ip("169.254.169.254"), 80));
        assertEquals(PeerVerdict.METADATA, strict.check(ip("fd00:ec2::254"), 80));
        assertEquals(PeerVerdict.LINK_LOCAL, strict.check(ip("fe80::1"), 9));
        assertEquals(PeerVerdict.MULTICAST, strict.check(ip("239.1.1.1"), 9));
        assertEquals(PeerVerdict.MULTICAST, strict.check(ip("ff02::1"), 9));
        assertEquals(PeerVerdict.RESERVED, strict.check(ip("255.255.255.255"), 9));
        assertEquals(PeerVerdict.OWN_PORT, strict.check(ip("198.51.100.7"), 5060));
    }

    @Test
    void publicPeersPass() throws Exception {
        assertEquals(PeerVerdict.ALLOWED, strict.check(ip("203.0.113.9"), 5060));
        assertEquals(PeerVerdict.ALLOWED, strict.check(ip("100.128.0.1"), 9));
        assertEquals(PeerVerdict.ALLOWED, strict.check(ip("172.32.0.1"), 9));
        assertEquals(PeerVerdict.ALLOWED, strict.check(ip("198.51.100.7"), 20000));
    }

    @Test
    void theAllowListOpensLoopbackButNotTheServersOwnPortsNorOtherLoopbackAddresses() throws Exception {
        assertEquals(PeerVerdict.ALLOWED, local.check(ip("127.0.0.1"), 20000));
        assertEquals(PeerVerdict.OWN_PORT, local.check(ip("127.0.0.1"), 5060));
        assertEquals(PeerVerdict.OWN_PORT, local.check(ip("127.0.0.1"), 3478));
        assertEquals(PeerVerdict.LOOPBACK, local.check(ip("127.0.0.2"), 20000));
        assertTrue(local.ownPort(Allocation.ipv4(ip("127.0.0.1")), 8080));
        assertFalse(local.ownPort(Allocation.ipv4(ip("127.0.0.1")), 8081));
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private static InetAddress mapped(int a, int b, int c, int d) throws Exception {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xFF;
        bytes[11] = (byte) 0xFF;
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        return Inet6Address.getByAddress(null, bytes, -1);
    }
}
