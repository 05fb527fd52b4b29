package io.switchboard.sip.locate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.transport.SipTarget;
import io.switchboard.sip.transport.TransportKind;
import org.junit.jupiter.api.Test;

/** A destination remembers what the operator left out, which decides the RFC 3263 lookups. */
class SipDestinationTest {
    @Test
    void aBareNameLeavesPortAndTransportOpen() {
        SipDestination d = SipDestination.parse("carrier.example");
        assertEquals(new SipDestination("carrier.example", 0, null), d);
        assertFalse(d.numeric());
        assertNull(d.literalTarget());
        assertEquals("carrier.example", d.uriHostPort());
    }

    @Test
    void portAndTransportAreKeptWhenGiven() {
        assertEquals(new SipDestination("carrier.example", 5080, TransportKind.TCP),
                SipDestination.parse("carrier.example:5080;transport=tcp"));
        assertEquals(new SipDestination("carrier.example", 0, TransportKind.TLS),
                SipDestination.parse("sip:carrier.example;transport=TLS"));
    }

    @Test
    void aNumericAddressNeedsNoLookup() {
        assertEquals(new SipTarget("192.0.2.7", 5060, TransportKind.UDP),
                SipDestination.parse("192.0.2.7").literalTarget());
        assertEquals(new SipTarget("192.0.2.7", 5061, TransportKind.TLS),
                SipDestination.parse("192.0.2.7;transport=tls").literalTarget());
        SipDestination v6 = SipDestination.parse("[2001:db8::1]:5070");
        assertTrue(v6.numeric());
        assertEquals("[2001:db8::1]:5070", v6.uriHostPort());
    }

    @Test
    void badDestinationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SipDestination.parse("carrier.example:99999"));
        assertThrows(IllegalArgumentException.class, () -> SipDestination.parse("carrier.example;transport=sctp"));
        assertThrows(IllegalArgumentException.class, () -> SipDestination.parse(""));
    }
}
