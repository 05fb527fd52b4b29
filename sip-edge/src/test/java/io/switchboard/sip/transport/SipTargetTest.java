package io.switchboard.sip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SipTargetTest {
    @Test
    void uriTargetsFollowRfc3263Defaults() {
        assertEquals(new SipTarget("192.0.2.1", 5060, TransportKind.UDP), SipTarget.parse("sip:bob@192.0.2.1"));
        assertEquals(new SipTarget("192.0.2.1", 5070, TransportKind.TCP),
                SipTarget.parse("<sip:bob@192.0.2.1:5070;transport=TCP;lr>"));
        assertEquals(new SipTarget("example.com", 5061, TransportKind.TLS), SipTarget.parse("sips:example.com"));
        assertEquals(new SipTarget("2001:db8::1", 5080, TransportKind.UDP), SipTarget.parse("sip:[2001:db8::1]:5080"));
        assertEquals(new SipTarget("192.0.2.1", 5060, TransportKind.UDP), SipTarget.parse("sip:192.0.2.1?Subject=x"));
    }

    @Test
    void trunkDestinationsMayOmitTheScheme() {
        assertEquals(new SipTarget("198.51.100.10", 5080, TransportKind.TLS),
                SipTarget.parseDestination("198.51.100.10:5080;transport=tls"));
    }

    @Test
    void badTargetsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SipTarget.parse("tel:+15551230001"));
        assertThrows(IllegalArgumentException.class, () -> SipTarget.parse("sip:host:99999"));
        assertThrows(IllegalArgumentException.class, () -> SipTarget.parse("sip:"));
    }
}
