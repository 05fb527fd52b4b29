package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.DnsSettings;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.sip.locate.LoopbackDnsServer;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.Sipp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trunk whose destination is a host name, resolved per RFC 3263 against a DNS server on loopback: SIPp UASes on
 * two ports behind SRV records of priority 10 and 20, the call reaching the one that answers.
 */
class DnsSrvTrunkIT {
    @TempDir
    Path work;
    private final LoopbackDnsServer dns = new LoopbackDnsServer();
    private EdgeFixture fixture;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        dns.close();
    }

    /** An edge with T1 = 50 ms (Timer B 3.2 s), asking only the loopback DNS server, 300 ms per query. */
    private void startEdge(String destination) {
        fixture = new EdgeFixture(s -> s.withUnknownSource(SipEdgeSettings.UnknownSourcePolicy.REJECT_403)
                .withTimers(Duration.ofMillis(50), Duration.ofSeconds(4), Duration.ofSeconds(5))
                .withDns(new DnsSettings(List.of(dns.address()), Duration.ofMillis(300))),
                List.of(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                        .withOutbound(List.of(destination), null, null)));
    }

    /** SRV records of {@code service} for the carrier: priority 10 on {@code first}, priority 20 on {@code second}. */
    private void publishSrv(String service, int first, int second) {
        dns.srv(service + ".carrier.test", 60, 10, 0, first, "a.carrier.test")
                .srv(service + ".carrier.test", 60, 20, 0, second, "b.carrier.test")
                .address("a.carrier.test", 60, "127.0.0.1")
                .address("b.carrier.test", 60, "127.0.0.1");
    }

    private CallLeg dial() {
        return fixture.edge.dial("carrier", "+15557654321", "+15550100", EdgeFixture.SDP, new CallLegListener() {
            @Override
            public void onAnswered(String sdp) {
                events.add("answered");
            }

            @Override
            public void onFailed(int code, String reason) {
                events.add("failed " + code);
            }

            @Override
            public void onEnded(Party who, String why) {
                events.add("ended " + who + " " + why);
            }
        });
    }

    private String next(Duration limit) throws InterruptedException {
        String e = events.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        return e == null ? "<nothing within " + limit + "> DNS asked " + dns.questions() : e;
    }

    @Test
    void naptrThenSrvPriority10Refuses503AndPriority20Answers() throws Exception {
        int first = FreePorts.tcpAndUdp();
        int second = FreePorts.tcpAndUdp();
        dns.naptr("carrier.test", 60, 10, 10, "SIP+D2U", "_sip._udp.carrier.test");
        publishSrv("_sip._udp", first, second);
        startEdge("carrier.test");
        try (Sipp.Running refusing = SippUas.listening(work, "uas_unavailable", first, "u1");
             Sipp.Running answering = SippUas.listening(work, "uas_answer", second, "u1")) {
            CallLeg leg = dial();
            assertEquals("answered", next(Duration.ofSeconds(10)));
            leg.hangUp();
            assertEquals("ended LOCAL BYE", next(Duration.ofSeconds(10)));
            Sipp.Result refused = refusing.awaitResult(Duration.ofSeconds(25));
            Sipp.Result answered = answering.awaitResult(Duration.ofSeconds(25));
            assertEquals(1, refused.successfulCalls(), "priority 10 was tried first: " + refused.describe());
            assertEquals(1, answered.successfulCalls(), answered.describe());
            assertTrue(dns.questions().contains("NAPTR carrier.test."), dns.questions().toString());
        }
    }

    @Test
    void srvPriority10AbsentTimesOutAndPriority20Answers() throws Exception {
        int absent = FreePorts.tcpAndUdp();
        int second = FreePorts.tcpAndUdp();
        publishSrv("_sip._udp", absent, second);
        startEdge("carrier.test;transport=udp");
        try (Sipp.Running answering = SippUas.listening(work, "uas_answer", second, "u1")) {
            CallLeg leg = dial();
            assertEquals("answered", next(Duration.ofSeconds(10)), "after Timer B (3.2 s) on priority 10");
            leg.hangUp();
            assertEquals("ended LOCAL BYE", next(Duration.ofSeconds(10)));
            assertEquals(1, answering.awaitResult(Duration.ofSeconds(25)).successfulCalls());
            assertTrue(dns.questions().stream().noneMatch(q -> q.startsWith("NAPTR")),
                    "a transport was given: no NAPTR " + dns.questions());
        }
    }

    @Test
    void anUnknownNameFailsTheCallWith503AtOnce() throws Exception {
        startEdge("nowhere.test");
        long started = System.nanoTime();
        dial();
        assertEquals("failed 503", next(Duration.ofSeconds(5)));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(3).toNanos(), "no hang");
        assertTrue(next(Duration.ofSeconds(2)).startsWith("ended REMOTE failed 503"));
        assertEquals(0, fixture.metric("calls_active"), fixture.metrics().toString());
    }

    @Test
    void aSilentNameServerFailsTheCallWith408() throws Exception {
        dns.silent("quiet.test").silent("_sip._udp.quiet.test").silent("_sip._tcp.quiet.test");
        startEdge("quiet.test");
        dial();
        assertEquals("failed 408", next(Duration.ofSeconds(15)));
    }
}
