package io.switchboard.sip.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;
import io.switchboard.sip.transport.SipFlow;
import io.switchboard.sip.transport.TransportKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SourceGuardTest {
    private final AtomicLong now = new AtomicLong(0);
    private final List<SipMessage> passed = new ArrayList<>();
    private final SourceGuard guard = new SourceGuard(
            new TrunkTable(List.of(TrunkDefinition.inbound("carrier", "192.0.2.0/24"))),
            new SourceGuard.Policy(10, 20, 3, 60_000), now::get, (m, f) -> passed.add(m));

    private static SipMessage options(String userAgent) {
        return SipMessages.parseTrusted("OPTIONS sip:edge SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKx\r\n"
                + "From: <sip:a@b>;tag=1\r\nTo: <sip:edge>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n"
                + (userAgent == null ? "" : "User-Agent: " + userAgent + "\r\n") + "Content-Length: 0\r\n\r\n");
    }

    private static SipFlow from(String ip) {
        return new SipFlow() {
            @Override
            public TransportKind kind() {
                return TransportKind.UDP;
            }

            @Override
            public InetSocketAddress remote() {
                return new InetSocketAddress(ip, 5060);
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void send(byte[] encoded) {
            }
        };
    }

    @Test
    void scannerUserAgentsAreDroppedEvenFromTrunks() {
        guard.onMessage(options("friendly-scanner"), from("198.51.100.7"));
        guard.onMessage(options("SIPVicious 0.3"), from("192.0.2.1"));
        guard.onMessage(options("Polycom VVX"), from("198.51.100.7"));
        assertEquals(1, passed.size());
        assertEquals(2L, guard.snapshot().get("guard_scanner_dropped_total"));
    }

    @Test
    void untrustedSourceIsRateLimitedAndRefills() {
        for (int i = 0; i < 50; i++) {
            guard.onMessage(options(null), from("198.51.100.7"));
        }
        assertEquals(20, passed.size(), "the burst");
        now.addAndGet(1000);
        for (int i = 0; i < 50; i++) {
            guard.onMessage(options(null), from("198.51.100.7"));
        }
        assertEquals(30, passed.size(), "10 more after one second at 10/s");
        guard.onMessage(options(null), from("198.51.100.8"));
        assertEquals(31, passed.size(), "another source has its own bucket");
    }

    @Test
    void trunkSourcesAreNotRateLimited() {
        for (int i = 0; i < 500; i++) {
            guard.onMessage(options(null), from("192.0.2.9"));
        }
        assertEquals(500, passed.size());
    }

    @Test
    void repeatedAuthFailuresBanUntilTheBanExpires() throws Exception {
        InetAddress ip = InetAddress.getByName("198.51.100.7");
        guard.authenticationFailed(ip);
        guard.authenticationFailed(ip);
        guard.onMessage(options(null), from("198.51.100.7"));
        assertEquals(1, passed.size());
        guard.authenticationFailed(ip);
        guard.onMessage(options(null), from("198.51.100.7"));
        assertEquals(1, passed.size(), "banned");
        assertEquals(1L, guard.snapshot().get("guard_bans_total"));
        now.addAndGet(60_001);
        guard.onMessage(options(null), from("198.51.100.7"));
        assertEquals(2, passed.size(), "ban over");
        assertTrue(SourceGuard.isScanner("sipcli/v1.8"));
    }

    @Test
    void requestsRefusedAsFromNoTrunkBanTheSourceWithOneEvent() throws Exception {
        List<io.switchboard.sip.api.SecurityEvent> events = new ArrayList<>();
        SourceGuard reporting = new SourceGuard(
                new TrunkTable(List.of(TrunkDefinition.inbound("carrier", "192.0.2.0/24"))),
                new SourceGuard.Policy(10, 20, 3, 60_000), now::get, (m, f) -> passed.add(m),
                new io.switchboard.sip.security.SecurityLog(now::get, events::add));
        InetAddress ip = InetAddress.getByName("198.51.100.7");
        for (int i = 0; i < 5; i++) {
            reporting.refused(ip);
        }
        reporting.onMessage(options(null), from("198.51.100.7"));
        assertEquals(0, passed.size(), "banned after 3 refusals");
        assertEquals(1, events.size(), "one ban, one event");
        assertEquals(io.switchboard.sip.api.SecurityEvent.Type.BANNED, events.get(0).type());
        assertEquals("198.51.100.7", events.get(0).source());
        reporting.onMessage(options("friendly-scanner"), from("192.0.2.1"));
        assertEquals(io.switchboard.sip.api.SecurityEvent.Type.SCANNER, events.get(1).type());
    }

    @Test
    void malformedRequestsAreEventsAndFromUntrustedSourcesOffencesUntilTheBan() {
        List<io.switchboard.sip.api.SecurityEvent> events = new ArrayList<>();
        SourceGuard reporting = new SourceGuard(
                new TrunkTable(List.of(TrunkDefinition.inbound("carrier", "192.0.2.0/24"))),
                new SourceGuard.Policy(10, 20, 3, 60_000), now::get, (m, f) -> passed.add(m),
                new io.switchboard.sip.security.SecurityLog(now::get, events::add));
        for (int i = 0; i < 5; i++) {
            reporting.onMalformed(from("192.0.2.1"), "INVITE", "c1", "two Content-Length headers");
        }
        assertEquals(5, events.size(), "a trunk's malformed requests are reported, never banned");
        assertEquals(io.switchboard.sip.api.SecurityEvent.Type.MALFORMED, events.get(0).type());
        assertEquals("INVITE", events.get(0).method());
        assertEquals("two Content-Length headers", events.get(0).detail());
        for (int i = 0; i < 5; i++) {
            reporting.onMalformed(from("198.51.100.7"), null, null, "no usable Via");
        }
        // three malformed events, the ban, then nothing while banned
        assertEquals(5 + 3 + 1, events.size(), events.toString());
        assertEquals(io.switchboard.sip.api.SecurityEvent.Type.BANNED, events.get(8).type());
        assertEquals(8L, reporting.snapshot().get("guard_malformed_total"));
    }
}
