package io.switchboard.sip.it;

import io.switchboard.sip.SipEdgeServer;
import io.switchboard.sip.api.CallHandler;
import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.InboundCall;
import io.switchboard.sip.api.SipEdge;
import io.switchboard.sip.api.SipEdgeAddresses;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.testkit.FreePorts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** A SIP edge on a free loopback port with a scriptable call handler that records every leg and end. */
final class EdgeFixture implements AutoCloseable {
    static final String SDP = "v=0\r\no=switchboard 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\nm=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

    final ConcurrentLinkedQueue<InboundCall> legs = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> ends = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> offers = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> renegotiated = new ConcurrentLinkedQueue<>();
    final AtomicReference<Consumer<InboundCall>> behaviour = new AtomicReference<>(leg -> leg.answer(SDP));
    final SipEdge edge;
    final SipEdgeAddresses addresses;
    final int port;

    EdgeFixture(SipEdgeSettings.UnknownSourcePolicy policy, Duration t1, List<TrunkDefinition> trunks) {
        this(s -> s.withUnknownSource(policy).withTimers(t1, Duration.ofSeconds(4), Duration.ofSeconds(5)), trunks);
    }

    EdgeFixture(UnaryOperator<SipEdgeSettings> customise, List<TrunkDefinition> trunks) {
        port = FreePorts.tcpAndUdp();
        SipEdgeSettings settings = customise.apply(SipEdgeSettings.defaults("127.0.0.1").withBind("127.0.0.1", port)
                .withIoThreads(2));
        CallHandler handler = leg -> {
            legs.add(leg);
            leg.setListener(new CallLegListener() {
                @Override
                public void onEnded(Party who, String why) {
                    ends.add(who + " " + why);
                }

                /**
                 * Answers a hold with recvonly and anything else with our SDP (sendrecv), as a relay would: a
                 * little later and from another thread, as the relay's answer arrives.
                 */
                @Override
                public CompletionStage<String> onRemoteOffer(String offerSdp) {
                    offers.add(offerSdp);
                    String answer = offerSdp.contains("a=sendonly") ? SDP + "a=recvonly\r\n" : SDP + "a=sendrecv\r\n";
                    return CompletableFuture.supplyAsync(() -> answer,
                            CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
                }

                @Override
                public void onRenegotiated(String answerSdp) {
                    renegotiated.add(answerSdp);
                }
            });
            behaviour.get().accept(leg);
        };
        edge = SipEdgeServer.start(settings, trunks, handler);
        addresses = edge.addresses();
    }

    EdgeFixture() {
        this(SipEdgeSettings.UnknownSourcePolicy.REJECT_403, Duration.ofMillis(500),
                List.of(TrunkDefinition.inbound("sipp", "127.0.0.1/32")));
    }

    Map<String, Long> metrics() {
        return edge.metrics();
    }

    long metric(String name) {
        return edge.metrics().getOrDefault(name, -1L);
    }

    /** Waits (bounded) until a metric reaches {@code value}; returns its last reading. */
    long awaitMetric(String name, long value, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long v = metric(name);
        while (v != value && System.nanoTime() < deadline) {
            Thread.sleep(20);
            v = metric(name);
        }
        return v;
    }

    /** Waits (bounded) until {@code count} legs ended with {@code how} ("REMOTE BYE"); returns the last count. */
    long awaitEnds(String how, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        long n = ends.stream().filter(how::equals).count();
        while (n < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            n = ends.stream().filter(how::equals).count();
        }
        return n;
    }

    @Override
    public void close() {
        edge.stop();
    }
}
