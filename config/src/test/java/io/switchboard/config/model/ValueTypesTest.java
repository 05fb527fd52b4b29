package io.switchboard.config.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Parsing and behaviour of the scalar value types the model uses. */
class ValueTypesTest {

    @Test
    void e164() {
        assertEquals("15550100", E164.parse(" +15550100 ").digits());
        for (String bad : new String[] {"15550100", "+0123", "+1", "+1234567890123456", "+1 555 0100"}) {
            assertThrows(IllegalArgumentException.class, () -> E164.parse(bad), bad);
        }
    }

    @Test
    void cidrMatchesItsNetworkOnly() throws Exception {
        Cidr net = Cidr.parse("10.1.2.3/8");
        assertEquals("10.0.0.0/8", net.toString());
        assertTrue(net.contains(InetAddress.getByName("10.255.0.1")));
        assertFalse(net.contains(InetAddress.getByName("11.0.0.1")));
        assertFalse(net.contains(InetAddress.getByName("::ffff:1")));

        Cidr host = Cidr.parse("127.0.0.1");
        assertEquals(32, host.prefixLength());
        assertTrue(host.contains(InetAddress.getByName("127.0.0.1")));
        assertFalse(host.contains(InetAddress.getByName("127.0.0.2")));

        Cidr v6 = Cidr.parse("2001:db8::/32");
        assertTrue(v6.contains(InetAddress.getByName("2001:db8:1::5")));
        assertFalse(v6.contains(InetAddress.getByName("2001:db9::5")));

        assertTrue(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9")));
    }

    @Test
    void cidrNeverResolvesNames() {
        for (String bad : new String[] {"localhost", "example.com/24", "10.0.0.0/33", "10.0.0/8", "::1/129", "1.2.3.4/x"}) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
        }
    }

    @Test
    void hostPort() {
        assertEquals(new HostPort("sbc.example.net", 5080), HostPort.parse("sbc.example.net:5080"));
        assertEquals(5060, HostPort.parse("10.0.0.1").portOr(5060));
        assertEquals(new HostPort("[2001:db8::1]", 5061), HostPort.parse("[2001:db8::1]:5061"));
        assertEquals(HostPort.NO_PORT, HostPort.parse("[2001:db8::1]").port());
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("2001:db8::1"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host:99999"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("bad host:5060"));
    }

    @Test
    void sipDestinationPortDefaultsByTransport() {
        assertEquals(5061, new SipTrunk.Destination(HostPort.parse("sbc"), SipTrunk.Transport.TLS).port());
        assertEquals(5060, new SipTrunk.Destination(HostPort.parse("sbc"), SipTrunk.Transport.TCP).port());
        assertEquals(5070, new SipTrunk.Destination(HostPort.parse("sbc:5070"), SipTrunk.Transport.TLS).port());
    }

    @Test
    void portRange() {
        PortRange r = PortRange.parse("20000-20009");
        assertEquals(10, r.size());
        assertTrue(r.contains(20009));
        assertFalse(r.contains(20010));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("20001-20009"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("30000-20000"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("80-100"));
    }

    @Test
    void numberRuleRewritesWholeMatchesOnly() {
        SipTrunk.NumberRule rule = new SipTrunk.NumberRule(SipTrunk.NumberDirection.INBOUND, Pattern.compile("0(\\d{9})"), "+33$1");
        assertEquals("+33123456789", rule.apply("0123456789"));
        assertNull(rule.apply("00123456789"));
    }

    @Test
    void md5Hex() {
        assertEquals("0123456789abcdef0123456789abcdef", Md5Hex.parse("0x0123456789ABCDEF0123456789ABCDEF").value());
        assertEquals(16, Md5Hex.parse("0123456789abcdef0123456789abcdef").bytes().length);
        assertThrows(IllegalArgumentException.class, () -> Md5Hex.parse("abc"));
    }

    @Test
    void httpsOnly() {
        assertEquals("api.example.com", HttpsUrl.parse("https://api.example.com/lookup").uri().getHost());
        assertThrows(IllegalArgumentException.class, () -> HttpsUrl.parse("http://api.example.com/"));
        assertThrows(IllegalArgumentException.class, () -> HttpsUrl.parse("https:///nohost"));
    }

    @Test
    void turnUserNeedsExactlyOneSecret() {
        assertThrows(IllegalArgumentException.class, () -> new TurnUser("u", null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new TurnUser("u", "p", Md5Hex.parse("0123456789abcdef0123456789abcdef")));
        assertFalse(new TurnUser("u", "secret", null).toString().contains("secret"));
    }

    @Test
    void agentStatusKinds() {
        assertEquals(AgentStatus.Kind.ROUTABLE, new AgentStatus("Available", true, 1).kind());
        assertEquals(AgentStatus.Kind.OFFLINE, new AgentStatus("Offline", true, 2).kind());
        assertEquals(AgentStatus.Kind.CUSTOM, new AgentStatus("Lunch", true, 3).kind());
    }
}
