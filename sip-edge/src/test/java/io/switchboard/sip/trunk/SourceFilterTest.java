package io.switchboard.sip.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.SecurityEvent;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;
import io.switchboard.sip.security.SecurityLog;
import io.switchboard.sip.transport.SipFlow;
import io.switchboard.sip.transport.TransportKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sources no trunk accepts learn nothing: dropped before a transaction, reported, and counted as offences. */
class SourceFilterTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<SipMessage> passed = new ArrayList<>();
    private final List<SecurityEvent> events = new ArrayList<>();
    private final List<InetAddress> offences = new ArrayList<>();
    private final SecurityLog log = new SecurityLog(now::get, events::add);

    private SourceFilter filter(List<TrunkDefinition> trunks, boolean knownDialog) {
        return new SourceFilter(new TrunkTable(trunks), (m, f) -> passed.add(m), log, offences::add,
                m -> knownDialog);
    }

    private static SipMessage request(String method, String toTag) {
        return SipMessages.parseTrusted(method + " sip:+15550100@edge SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKx\r\nMax-Forwards: 70\r\n"
                + "From: <sip:a@b>;tag=1\r\nTo: <sip:+15550100@edge>" + (toTag == null ? "" : ";tag=" + toTag)
                + "\r\nCall-ID: probe\"1\r\nCSeq: 1 " + method + "\r\nContent-Length: 0\r\n\r\n");
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
    void anInDialogLookingInviteFromAnUnknownSourceIsDroppedNotAnswered481() {
        SourceFilter f = filter(List.of(TrunkDefinition.inbound("carrier", "192.0.2.0/24")), false);
        f.onMessage(request("INVITE", "guessed"), from("198.51.100.7"));
        f.onMessage(request("OPTIONS", null), from("198.51.100.7"));
        assertEquals(0, passed.size());
        assertEquals(2, f.dropped());
        assertEquals(2, offences.size());
        assertEquals(SecurityEvent.Type.REFUSED_SOURCE, events.get(0).type());
        assertEquals("198.51.100.7", events.get(0).source());
        assertEquals("INVITE", events.get(0).method());
        assertEquals("udp", events.get(0).transport());
        assertEquals(2, log.snapshot().get("security_events_total{type=\"refused_source\"}"));
    }

    @Test
    void aRequestOfOneOfOurDialogsPassesFromAnywhere() {
        SourceFilter f = filter(List.of(TrunkDefinition.inbound("carrier", "192.0.2.0/24")), true);
        f.onMessage(request("BYE", "ours"), from("198.51.100.7"));
        assertEquals(1, passed.size(), "a carrier's BYE from an address outside its inbound networks");
        assertTrue(events.isEmpty());
    }

    @Test
    void trunkSourcesAndDigestCallersPass() {
        TrunkDefinition pbx = TrunkDefinition.inbound("pbx").withDigestUsers(
                Map.of("pbx", DigestSecret.fromPassword("pbx", "switchboard", "pw")), List.of("203.0.113.0/24"));
        SourceFilter f = filter(List.of(TrunkDefinition.inbound("carrier", "192.0.2.0/24"), pbx), false);
        f.onMessage(request("OPTIONS", null), from("192.0.2.1"));
        f.onMessage(request("INVITE", null), from("203.0.113.5"));
        assertEquals(2, passed.size());
        f.onMessage(request("INVITE", null), from("198.51.100.7"));
        assertEquals(2, passed.size(), "digest users may not call from outside their networks");
        assertEquals(1, events.size());
    }

    @Test
    void peerChosenTextCannotForgeALogLine() {
        assertEquals("\"probe_1 source=1.2.3.4\"", SecurityLog.quoted("probe\"1 source=1.2.3.4"));
        assertEquals("\"a_b\"", SecurityLog.quoted("a\nb"));
    }

    @Test
    void aRegisterTheRegistrarServesPassesEvenWhereDigestTrunksChallenge() {
        TrunkDefinition anywhere = TrunkDefinition.inbound("pbx").withDigestUsers(
                Map.of("pbx", DigestSecret.fromPassword("pbx", "switchboard", "pw")));
        SourceFilter f = new SourceFilter(new TrunkTable(List.of(anywhere)), (m, fl) -> passed.add(m), log,
                offences::add, m -> "REGISTER".equals(m.method()));
        f.onMessage(request("REGISTER", null), from("198.51.100.7"));
        f.onMessage(request("OPTIONS", null), from("198.51.100.7"));
        assertEquals(1, passed.size(), "the REGISTER passes, the OPTIONS does not");
    }
}
