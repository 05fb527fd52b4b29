package io.switchboard.sip.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrAndNumbersTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void ipv4AndIpv6NetworksMatchTheirMembersOnly() throws Exception {
        Cidr v4 = Cidr.parse("203.0.113.0/24");
        assertTrue(v4.contains(ip("203.0.113.77")));
        assertFalse(v4.contains(ip("203.0.114.1")));
        assertFalse(v4.contains(ip("2001:db8::1")), "families never match");
        Cidr odd = Cidr.parse("10.1.2.3/15");
        assertTrue(odd.contains(ip("10.0.255.255")));
        assertFalse(odd.contains(ip("10.2.0.0")));
        Cidr host = Cidr.parse("127.0.0.1");
        assertTrue(host.contains(ip("127.0.0.1")));
        assertFalse(host.contains(ip("127.0.0.2")));
        Cidr v6 = Cidr.parse("2001:db8::/32");
        assertTrue(v6.contains(ip("2001:db8:ffff::1")));
        assertFalse(v6.contains(ip("2001:db9::1")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("198.51.100.1")));
    }

    @Test
    void badNetworksFailAtStartupWithoutDns() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("carrier.example.com/24"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/x"));
    }

    @Test
    void numbersAreBroughtToE164() {
        NumberNormaliser us = new NumberNormaliser("1");
        assertEquals("+15551230001", us.toE164("+15551230001"));
        assertEquals("+15551230001", us.toE164("15551230001"));
        assertEquals("+15551230001", us.toE164("5551230001"));
        assertEquals("+15551230001", us.toE164("(555) 123-0001"));
        assertEquals("+442071234567", us.toE164("00442071234567"));
        assertEquals("anonymous", us.toE164("anonymous"));
        assertEquals("5551230001", new NumberNormaliser("").toE164("5551230001"), "no country code: unchanged");
    }

    @Test
    void outboundNumbersAreWrittenAsTheTrunkWants() {
        NumberNormaliser us = new NumberNormaliser("1");
        assertEquals("+15551230001", us.toTrunk("5551230001", io.switchboard.sip.api.NumberFormat.E164));
        assertEquals("15551230001", us.toTrunk("+15551230001", io.switchboard.sip.api.NumberFormat.DIGITS));
        assertEquals("5551230001", us.toTrunk("+15551230001", io.switchboard.sip.api.NumberFormat.NATIONAL));
        assertEquals("011442071234567", us.toTrunk("+442071234567", io.switchboard.sip.api.NumberFormat.NATIONAL));
        assertEquals("00331234567", new NumberNormaliser("44").toTrunk("+331234567",
                io.switchboard.sip.api.NumberFormat.NATIONAL));
        assertEquals("desk-7", us.toTrunk("desk-7", io.switchboard.sip.api.NumberFormat.DIGITS));
    }
}
