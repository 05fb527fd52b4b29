package io.switchboard.sip.locate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.transport.SipTarget;
import io.switchboard.sip.transport.TransportKind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** RFC 3263 section 4 against a table of records: which lookups happen, and the targets in the order to try. */
class SipServerLocatorTest {
    private final Map<String, List<NaptrRecord>> naptr = new HashMap<>();
    private final Map<String, List<SrvRecord>> srv = new HashMap<>();
    private final Map<String, List<InetAddress>> addresses = new HashMap<>();
    private final Set<String> unanswered = new HashSet<>();
    private final List<String> asked = new ArrayList<>();

    private final DnsLookup table = new DnsLookup() {
        @Override
        public CompletableFuture<List<NaptrRecord>> naptr(String name) {
            return answer("NAPTR", name, naptr);
        }

        @Override
        public CompletableFuture<List<SrvRecord>> srv(String name) {
            return answer("SRV", name, srv);
        }

        @Override
        public CompletableFuture<List<InetAddress>> addresses(String name) {
            return answer("A", name, addresses);
        }
    };

    private <T> CompletableFuture<List<T>> answer(String type, String name, Map<String, List<T>> records) {
        asked.add(type + " " + name);
        if (unanswered.contains(name)) {
            return CompletableFuture.failedFuture(new DnsLookupException(name + ": no answer in time", null));
        }
        return CompletableFuture.completedFuture(records.getOrDefault(name, List.of()));
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private List<SipTarget> locate(String destination, Set<TransportKind> transports) {
        return new SipServerLocator(table, transports, new SplittableRandom(1))
                .locate(SipDestination.parse(destination)).join();
    }

    private List<SipTarget> locate(String destination) {
        return locate(destination, EnumSet.allOf(TransportKind.class));
    }

    @Test
    void numericAddressAsksNothing() {
        assertEquals(List.of(new SipTarget("192.0.2.1", 5060, TransportKind.UDP)), locate("192.0.2.1"));
        assertTrue(asked.isEmpty(), asked.toString());
    }

    @Test
    void explicitPortAsksOnlyForAddresses() {
        addresses.put("carrier.test", List.of(ip("192.0.2.1"), ip("2001:db8::1")));
        assertEquals(List.of(new SipTarget("192.0.2.1", 5080, TransportKind.UDP),
                new SipTarget("2001:db8:0:0:0:0:0:1", 5080, TransportKind.UDP)), locate("carrier.test:5080"));
        assertEquals(List.of("A carrier.test"), asked);
    }

    @Test
    void explicitTransportSkipsNaptrAndUsesItsSrv() {
        srv.put("_sip._tcp.carrier.test", List.of(new SrvRecord(20, 0, 5072, "b.carrier.test."),
                new SrvRecord(10, 0, 5071, "a.carrier.test.")));
        addresses.put("a.carrier.test.", List.of(ip("192.0.2.1")));
        addresses.put("b.carrier.test.", List.of(ip("192.0.2.2")));
        assertEquals(List.of(new SipTarget("192.0.2.1", 5071, TransportKind.TCP),
                new SipTarget("192.0.2.2", 5072, TransportKind.TCP)), locate("carrier.test;transport=tcp"));
        assertEquals("SRV _sip._tcp.carrier.test", asked.get(0));
    }

    @Test
    void naptrChoosesTransportsInOrderThenSrvThenAddresses() {
        naptr.put("carrier.test", List.of(
                new NaptrRecord(20, 10, "s", "SIP+D2U", "_sip._udp.carrier.test."),
                new NaptrRecord(10, 10, "S", "SIP+D2T", "_sip._tcp.carrier.test."),
                new NaptrRecord(5, 10, "s", "SIP+D2S", "_sip._sctp.carrier.test.")));
        srv.put("_sip._tcp.carrier.test.", List.of(new SrvRecord(10, 0, 5071, "a.carrier.test.")));
        srv.put("_sip._udp.carrier.test.", List.of(new SrvRecord(10, 0, 5070, "a.carrier.test.")));
        addresses.put("a.carrier.test.", List.of(ip("192.0.2.1")));
        assertEquals(List.of(new SipTarget("192.0.2.1", 5071, TransportKind.TCP),
                new SipTarget("192.0.2.1", 5070, TransportKind.UDP)), locate("carrier.test"));
        assertTrue(asked.stream().noneMatch(q -> q.contains("sctp")), "SCTP is not ours: " + asked);
    }

    @Test
    void naptrServicesWithoutAListenerAreSkipped() {
        naptr.put("carrier.test", List.of(new NaptrRecord(10, 10, "s", "SIPS+D2T", "_sips._tcp.carrier.test."),
                new NaptrRecord(20, 10, "s", "SIP+D2U", "_sip._udp.carrier.test.")));
        srv.put("_sips._tcp.carrier.test.", List.of(new SrvRecord(10, 0, 5061, "a.carrier.test.")));
        srv.put("_sip._udp.carrier.test.", List.of(new SrvRecord(10, 0, 5060, "a.carrier.test.")));
        addresses.put("a.carrier.test.", List.of(ip("192.0.2.1")));
        assertEquals(List.of(new SipTarget("192.0.2.1", 5060, TransportKind.UDP)),
                locate("carrier.test", EnumSet.of(TransportKind.UDP, TransportKind.TCP)));
    }

    @Test
    void withoutNaptrEverySupportedTransportsSrvIsAsked() {
        srv.put("_sip._tcp.carrier.test", List.of(new SrvRecord(10, 0, 5071, "a.carrier.test.")));
        addresses.put("a.carrier.test.", List.of(ip("192.0.2.1")));
        assertEquals(List.of(new SipTarget("192.0.2.1", 5071, TransportKind.TCP)), locate("carrier.test"));
        assertEquals(Set.of("NAPTR carrier.test", "SRV _sip._udp.carrier.test", "SRV _sip._tcp.carrier.test",
                "SRV _sips._tcp.carrier.test", "A a.carrier.test."), Set.copyOf(asked));
    }

    @Test
    void withoutSrvTheNameItselfOnTheDefaultPort() {
        addresses.put("carrier.test", List.of(ip("192.0.2.9")));
        assertEquals(List.of(new SipTarget("192.0.2.9", 5060, TransportKind.UDP)), locate("carrier.test"));
    }

    @Test
    void anUnknownNameFailsAs503() {
        CompletionException e = assertThrows(CompletionException.class, () -> locate("nowhere.test"));
        UnresolvedDestinationException u = assertInstanceOf(UnresolvedDestinationException.class, e.getCause());
        assertEquals(503, u.statusCode());
        assertTrue(u.getMessage().contains("nowhere.test"), u.getMessage());
    }

    @Test
    void unansweredLookupsFailAs408() {
        unanswered.add("silent.test");
        unanswered.add("_sip._udp.silent.test");
        unanswered.add("_sip._tcp.silent.test");
        unanswered.add("_sips._tcp.silent.test");
        CompletionException e = assertThrows(CompletionException.class, () -> locate("silent.test"));
        assertEquals(408, assertInstanceOf(UnresolvedDestinationException.class, e.getCause()).statusCode());
    }

    @Test
    void anUnansweredNaptrStillFallsBackToSrv() {
        unanswered.add("carrier.test");
        srv.put("_sip._udp.carrier.test", List.of(new SrvRecord(10, 0, 5070, "a.carrier.test.")));
        addresses.put("a.carrier.test.", List.of(ip("192.0.2.1")));
        assertEquals(List.of(new SipTarget("192.0.2.1", 5070, TransportKind.UDP)), locate("carrier.test"));
    }

    @Test
    void locateAllKeepsDestinationOrderAndNamesTheConfiguredHost() {
        srv.put("_sip._udp.carrier.test", List.of(new SrvRecord(10, 0, 5070, "a.carrier.test.")));
        addresses.put("a.carrier.test.", List.of(ip("192.0.2.1")));
        List<LocatedTarget> all = new SipServerLocator(table, EnumSet.of(TransportKind.UDP), new SplittableRandom(1))
                .locateAll(List.of(SipDestination.parse("carrier.test;transport=udp"),
                        SipDestination.parse("nowhere.test:5060"), SipDestination.parse("192.0.2.5:5090"))).join();
        assertEquals(List.of(
                new LocatedTarget(new SipTarget("192.0.2.1", 5070, TransportKind.UDP), 0, "carrier.test"),
                new LocatedTarget(new SipTarget("192.0.2.5", 5090, TransportKind.UDP), 2, "192.0.2.5:5090")), all);
    }

    @Test
    void numericDestinationsAreLocatedAtOnce() {
        assertTrue(SipServerLocator.numericOnly(EnumSet.of(TransportKind.UDP))
                .locateAll(List.of(SipDestination.parse("127.0.0.1:5070"))).isDone());
    }
}
