package io.switchboard.sip.trunk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.TrunkDefinition;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustedSourcesTest {
    private static final TrunkTable TRUNKS = new TrunkTable(List.of(
            TrunkDefinition.inbound("carrier", "192.0.2.0/24"),
            TrunkDefinition.inbound("sbc", "2001:db8::/32"),
            TrunkDefinition.inbound("pbx").withDigestUsers(
                    Map.of("pbx", DigestSecret.md5("switchboard", "0123456789abcdef0123456789abcdef")),
                    List.of("203.0.113.0/24"))));
    private static final Set<InetAddress> PHONES = Set.of(ip("198.51.100.20"));

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void withTheDropPolicyOnlyTrunkNetworksAndRegisteredPhonesAreAnswered() {
        TrustedSources sources = new TrustedSources(TRUNKS, PHONES::contains, false);
        assertTrue(sources.answers(ip("192.0.2.77")), "inside the carrier's network");
        assertTrue(sources.answers(ip("2001:db8::5")), "inside the SBC's IPv6 network");
        assertTrue(sources.answers(ip("198.51.100.20")), "a registered phone's address");
        assertFalse(sources.answers(ip("192.0.3.1")), "next to the carrier's network");
        assertFalse(sources.answers(ip("198.51.100.21")), "next to the phone");
        assertFalse(sources.answers(ip("2001:db9::5")), "outside the SBC's network");
        assertFalse(sources.answers(ip("203.0.113.9")), "a digest trunk's allowed source must still authenticate");
        assertFalse(sources.answers(ip("127.0.0.2")), "anyone else");
    }

    @Test
    void withThe403PolicyEverySourceIsAnsweredButTrustIsUnchanged() {
        TrustedSources sources = new TrustedSources(TRUNKS, PHONES::contains, true);
        assertTrue(sources.answers(ip("127.0.0.2")));
        assertTrue(sources.answers(ip("192.0.2.77")));
        assertFalse(sources.trusted(ip("127.0.0.2")));
        assertTrue(sources.trusted(ip("198.51.100.20")));
    }

    @Test
    void ipv4NetworksMatchOnTheirPrefixOnly() {
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("255.255.255.255")));
        assertTrue(Cidr.parse("10.1.2.3").contains(ip("10.1.2.3")));
        assertFalse(Cidr.parse("10.1.2.3").contains(ip("10.1.2.2")));
        assertTrue(Cidr.parse("172.16.0.0/12").contains(ip("172.31.255.1")));
        assertFalse(Cidr.parse("172.16.0.0/12").contains(ip("172.32.0.1")));
        assertTrue(Cidr.parse("128.0.0.0/1").contains(ip("200.1.1.1")), "a high bit set reads as a negative int");
        assertFalse(Cidr.parse("128.0.0.0/1").contains(ip("100.1.1.1")));
        assertFalse(Cidr.parse("::/0").contains(ip("10.0.0.1")), "an IPv6 network holds no IPv4 address");
        assertFalse(Cidr.parse("0.0.0.0/0").contains(ip("::1")), "an IPv4 network holds no IPv6 address");
    }

    @Test
    void decidingForAnIpv4SourceAllocatesNothing() {
        TrustedSources sources = new TrustedSources(TRUNKS, PHONES::contains, false);
        InetAddress trusted = ip("192.0.2.77");
        InetAddress phone = ip("198.51.100.20");
        InetAddress stranger = ip("127.0.0.2");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int answered = decide(sources, trusted, phone, stranger); // links the calls once
        threads.getThreadAllocatedBytes(id);
        // measured cold, in the interpreter and C1, where no escape analysis can hide a copied address
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 5_000; i++) {
            answered += decide(sources, trusted, phone, stranger);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(answered == 10_002, "two of three answered each round: " + answered);
        // 15,000 decisions; copying each address (as InetAddress.getAddress() does) would be over 300 KB
        assertTrue(allocated < 4_096, "the decision allocated " + allocated + " bytes");
    }

    private static int decide(TrustedSources sources, InetAddress a, InetAddress b, InetAddress c) {
        return (sources.answers(a) ? 1 : 0) + (sources.answers(b) ? 1 : 0) + (sources.answers(c) ? 1 : 0);
    }
}
