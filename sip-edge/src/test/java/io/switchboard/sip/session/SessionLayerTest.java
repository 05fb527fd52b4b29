package io.switchboard.sip.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.CallState;
import io.switchboard.sip.api.InboundCall;
import io.switchboard.sip.api.SecurityEvent;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;
import io.switchboard.sip.security.SecurityLog;
import io.switchboard.sip.transaction.LoopbackFlow;
import io.switchboard.sip.transaction.SipTimers;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.VirtualScheduler;
import io.switchboard.sip.transport.TransportKind;
import io.switchboard.sip.trunk.TrunkTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The UA core over a loopback flow on a virtual clock: dialog matching and the INVITE server's TU duties. */
class SessionLayerTest {
    private static final String SDP = Caller.SDP;

    private final VirtualScheduler clock = new VirtualScheduler();
    private final LoopbackFlow flow = new LoopbackFlow(TransportKind.UDP, clock);
    private final List<InboundCall> legs = new ArrayList<>();
    private final List<String> ends = new ArrayList<>();
    private final List<String> offers = new ArrayList<>();
    private final List<String> renegotiated = new ArrayList<>();
    private Consumer<InboundCall> behaviour = leg -> { };
    private final TransactionLayer transactions;
    private final List<SecurityEvent> securityEvents = new ArrayList<>();

    SessionLayerTest() {
        TrunkTable trunks = new TrunkTable(List.of(TrunkDefinition.inbound("carrier", "192.0.2.0/24")
                .withLimits(1, "1")));
        SessionLayer session = new SessionLayer(trunks, leg -> {
            legs.add(leg);
            leg.setListener(new CallLegListener() {
                @Override
                public void onEnded(Party who, String why) {
                    ends.add(who + " " + why);
                }

                @Override
                public CompletionStage<String> onRemoteOffer(String offerSdp) {
                    offers.add(offerSdp);
                    return CompletableFuture.completedFuture(
                            offerSdp.contains("a=sendonly") ? "v=0\r\na=recvonly\r\n" : "v=0\r\na=sendrecv\r\n");
                }

                @Override
                public void onRenegotiated(String answerSdp) {
                    renegotiated.add(answerSdp);
                }
            });
            behaviour.accept(leg);
        }, true, target -> flow, new LocalAddresses("203.0.113.5", Map.of(TransportKind.UDP, 5060)), Runnable::run,
                "Switchboard", null);
        transactions = new TransactionLayer(clock, SipTimers.defaults(), flow, session, 100);
        session.attach(transactions);
        session.setMaxCallDuration(4 * 3_600_000L);
        session.reportSecurityTo(new SecurityLog(() -> 0L, securityEvents::add));
    }

    private InboundCall invite() {
        transactions.onMessage(Caller.request("INVITE", "z9hG4bKinv", 1, null, SDP), flow);
        return legs.get(legs.size() - 1);
    }

    private String ourTag() {
        return flow.sent.stream().filter(m -> m.toTag() != null).findFirst().orElseThrow().toTag();
    }

    @Test
    void inviteBecomesALegWithE164NumbersAndOffer() {
        InboundCall leg = invite();
        assertEquals("+15550100", leg.called());
        assertEquals("+15557654321", leg.caller());
        assertEquals("Carol", leg.callerName());
        assertEquals("carrier", leg.trunk());
        assertEquals(SDP, leg.remoteSdp());
        assertEquals(List.of(100), flow.codes());
    }

    @Test
    void answerRetransmits200UntilAckThenByeEndsTheCall() {
        behaviour = leg -> leg.answer("v=0\r\n");
        InboundCall leg = invite();
        SipMessage ok = flow.last();
        assertEquals(200, ok.statusCode());
        assertEquals("<sip:203.0.113.5:5060>", ok.header("Contact"));
        assertEquals("v=0\r\n", ok.bodyText());
        clock.advance(500);
        clock.advance(1000);
        assertEquals(List.of(0L, 0L, 500L, 1500L), flow.sentAt, "section 13.3.1.4: T1, then 2*T1");
        transactions.onMessage(Caller.request("ACK", "z9hG4bKack", 1, ourTag(), null), flow);
        clock.advance(10_000);
        assertEquals(4, flow.sent.size(), "no 200 after the ACK");
        assertEquals(CallState.ANSWERED, leg.state());
        transactions.onMessage(Caller.request("BYE", "z9hG4bKbye", 2, ourTag(), null), flow);
        assertEquals(200, flow.last().statusCode());
        assertEquals("BYE", flow.last().cseqMethod());
        assertEquals(List.of("REMOTE BYE"), ends);
        assertEquals(CallState.ENDED, leg.state());
    }

    @Test
    void aCallToADestinationNothingServesIs404AndASecurityEvent() {
        behaviour = leg -> leg.rejectUnauthorisedDestination("no phone number +15550100");
        invite();
        assertEquals(404, flow.last().statusCode());
        assertEquals(1, securityEvents.size(), securityEvents.toString());
        SecurityEvent e = securityEvents.get(0);
        assertEquals(SecurityEvent.Type.UNAUTHORISED_DESTINATION, e.type());
        assertEquals("192.0.2.10", e.source());
        assertEquals("INVITE", e.method());
        assertEquals(flow.last().callId(), e.callId());
        assertEquals("no phone number +15550100", e.detail());
    }

    @Test
    void noAckWithin64T1SendsBye() {
        behaviour = leg -> leg.answer("v=0\r\n");
        invite();
        clock.advance(32_000);
        SipMessage bye = flow.last();
        assertEquals("BYE", bye.method());
        assertEquals("sip:carol@192.0.2.10:5060", bye.requestUri(), "section 12.2.1.1: to the remote target");
        assertEquals("caller1", bye.toTag());
        assertEquals(List.of("LOCAL no ACK"), ends);
    }

    @Test
    void hangUpBeforeAckWaitsForTheAck() {
        behaviour = leg -> {
            leg.answer("v=0\r\n");
            leg.hangUp();
        };
        invite();
        assertEquals(200, flow.last().statusCode());
        transactions.onMessage(Caller.request("ACK", "z9hG4bKack", 1, ourTag(), null), flow);
        assertEquals("BYE", flow.last().method());
        assertEquals(List.of("LOCAL BYE"), ends);
    }

    @Test
    void byeForUnknownDialogIs481AndOutOfOrderCseqIs500() {
        behaviour = leg -> leg.answer("v=0\r\n");
        invite();
        transactions.onMessage(Caller.request("BYE", "z9hG4bKb0", 2, "nosuchtag", null), flow);
        assertEquals(481, flow.last().statusCode());
        transactions.onMessage(Caller.request("ACK", "z9hG4bKack", 1, ourTag(), null), flow);
        transactions.onMessage(Caller.request("BYE", "z9hG4bKb1", 0, ourTag(), null), flow);
        assertEquals(500, flow.last().statusCode());
        assertTrue(ends.isEmpty());
    }

    @Test
    void cancelAfterRingingGives200And487() {
        behaviour = InboundCall::ring;
        invite();
        assertEquals(180, flow.last().statusCode());
        transactions.onMessage(Caller.request("CANCEL", "z9hG4bKinv", 1, null, null), flow);
        assertEquals(List.of(100, 180, 200, 487), flow.codes());
        assertEquals(List.of("REMOTE CANCEL"), ends);
        transactions.onMessage(Caller.request("CANCEL", "z9hG4bKnone", 7, null, null), flow);
        assertEquals(481, flow.last().statusCode());
    }

    @Test
    void trunkCallLimitGives503() {
        invite();
        transactions.onMessage(SipMessages.parseTrusted(Caller.request("INVITE", "z9hG4bKinv2", 1, null, SDP).toString()
                .replace("abc@192.0.2.10", "second@192.0.2.10")), flow);
        assertEquals(503, flow.last().statusCode());
        assertEquals(1, legs.size());
    }

    @Test
    void optionsGets200WithAllowAndUnknownMethod405() {
        transactions.onMessage(Caller.request("OPTIONS", "z9hG4bKo", 1, null, null), flow);
        assertEquals(200, flow.last().statusCode());
        assertTrue(flow.last().headers("Allow").contains("INVITE"));
        transactions.onMessage(Caller.request("PUBLISH", "z9hG4bKp", 1, null, null), flow);
        assertEquals(405, flow.last().statusCode());
    }

    @Test
    void requireOfUnknownExtensionGets420() {
        transactions.onMessage(SipMessages.parseTrusted(Caller.request("INVITE", "z9hG4bKr", 1, null, SDP).toString()
                .replace("Max-Forwards: 70", "Max-Forwards: 70\r\nRequire: 100rel")), flow);
        assertEquals(420, flow.last().statusCode());
        assertEquals("100rel", flow.last().header("Unsupported"));
        assertNull(legs.isEmpty() ? null : legs.get(0));
    }

    @Test
    void handlerExceptionBecomes500() {
        behaviour = leg -> {
            throw new IllegalStateException("boom");
        };
        invite();
        assertEquals(500, flow.last().statusCode());
    }

    private InboundCall answeredAndAcked() {
        behaviour = leg -> leg.answer("v=0\r\n");
        InboundCall leg = invite();
        transactions.onMessage(Caller.request("ACK", "z9hG4bKack", 1, ourTag(), null), flow);
        return leg;
    }

    @Test
    void reInviteForHoldIsAnsweredByTheListenerAndItsAckStopsRetransmission() {
        answeredAndAcked();
        String hold = SDP + "a=sendonly\r\n";
        transactions.onMessage(Caller.request("INVITE", "z9hG4bKre1", 2, ourTag(), hold), flow);
        SipMessage ok = flow.last();
        assertEquals(200, ok.statusCode());
        assertEquals("v=0\r\na=recvonly\r\n", ok.bodyText());
        assertEquals(List.of(hold), offers);
        int sent = flow.sent.size();
        clock.advance(500);
        assertEquals(sent + 1, flow.sent.size(), "the re-INVITE's 200 is retransmitted until its ACK");
        transactions.onMessage(Caller.request("ACK", "z9hG4bKack2", 2, ourTag(), null), flow);
        clock.advance(10_000);
        assertEquals(sent + 1, flow.sent.size());
        assertTrue(ends.isEmpty());
    }

    @Test
    void updateIsAnsweredInIts200() {
        answeredAndAcked();
        transactions.onMessage(Caller.request("UPDATE", "z9hG4bKu1", 2, ourTag(), SDP + "a=sendonly\r\n"), flow);
        assertEquals(200, flow.last().statusCode());
        assertEquals("v=0\r\na=recvonly\r\n", flow.last().bodyText());
    }

    @Test
    void crossedOffersGet491AndOurOfferIsRetriedAfterTheBackOff() {
        InboundCall leg = answeredAndAcked();
        leg.reOffer("v=0\r\na=sendonly\r\n");
        SipMessage ours = flow.last();
        assertEquals("INVITE", ours.method());
        assertEquals("caller1", ours.toTag());
        transactions.onMessage(Caller.request("INVITE", "z9hG4bKre2", 2, ourTag(), SDP), flow);
        assertEquals(491, flow.last().statusCode(), "section 14.2: glare");
        transactions.onMessage(Caller.request("ACK", "z9hG4bKre2", 2, ourTag(), null), flow);
        // the far end also refuses ours with 491
        transactions.onMessage(responseTo(ours, 491), flow);
        assertEquals("ACK", flow.last().method(), "the 491 is ACKed by the transaction");
        int sent = flow.sent.size();
        clock.advance(2001); // we did not generate the Call-ID: retry within 0-2 s
        SipMessage retry = flow.sent.subList(sent, flow.sent.size()).stream()
                .filter(m -> "INVITE".equals(m.method())).findFirst().orElseThrow();
        assertTrue(retry.cseq() > ours.cseq());
        transactions.onMessage(responseTo(retry, 200), flow);
        assertEquals("ACK", flow.last().method());
        assertEquals(List.of("v=0\r\nanswer\r\n"), renegotiated);
    }

    /** An answered, ACKed call from a caller whose INVITE carries {@code headers} (CRLF-separated). */
    private InboundCall answeredAndAckedWith(String headers) {
        behaviour = leg -> leg.answer("v=0\r\n");
        transactions.onMessage(SipMessages.parseTrusted(Caller.request("INVITE", "z9hG4bKinv", 1, null, SDP).toString()
                .replace("Max-Forwards: 70", "Max-Forwards: 70\r\n" + headers)), flow);
        transactions.onMessage(Caller.request("ACK", "z9hG4bKack", 1, ourTag(), null), flow);
        return legs.get(legs.size() - 1);
    }

    @Test
    void reOfferIsAnUpdateWhenTheCallerAllowsIt() {
        InboundCall leg = answeredAndAckedWith("Allow: INVITE, ACK, BYE, CANCEL, UPDATE");
        leg.reOffer("v=0\r\na=sendonly\r\n");
        SipMessage update = flow.last();
        assertEquals("UPDATE", update.method(), "RFC 3311 section 5.1: the caller listed UPDATE");
        assertEquals("caller1", update.toTag());
        assertEquals("v=0\r\na=sendonly\r\n", update.bodyText());
        assertTrue(update.headers("Allow").contains("UPDATE"));
        clock.advance(500);
        assertEquals(2, flow.sent.stream().filter(m -> "UPDATE".equals(m.method())).count(),
                "Timer E retransmits the UPDATE over UDP until it is answered");
        transactions.onMessage(responseTo(update, 200), flow);
        assertEquals(List.of("v=0\r\nanswer\r\n"), renegotiated);
        assertEquals("v=0\r\nanswer\r\n", leg.remoteSdp());
        int sent = flow.sent.size();
        clock.advance(10_000);
        assertEquals(sent, flow.sent.size(), "no ACK for an UPDATE, and no retransmission after its 200");
        assertTrue(ends.isEmpty());
    }

    @Test
    void anUpdateOfTheCallerCrossingOursGets491() {
        InboundCall leg = answeredAndAckedWith("Allow: INVITE, ACK, BYE, UPDATE");
        leg.reOffer("v=0\r\na=sendonly\r\n");
        assertEquals("UPDATE", flow.last().method());
        transactions.onMessage(Caller.request("UPDATE", "z9hG4bKu2", 2, ourTag(), SDP), flow);
        assertEquals(491, flow.last().statusCode(), "RFC 3311 section 5.2: our offer is still open");
        assertTrue(offers.isEmpty());
    }

    @Test
    void anUpdateRefusedWith501IsOfferedAgainByReInvite() {
        InboundCall leg = answeredAndAckedWith("Allow: INVITE, ACK, BYE, UPDATE");
        leg.reOffer("v=0\r\na=sendonly\r\n");
        SipMessage update = flow.last();
        transactions.onMessage(responseTo(update, 501), flow);
        SipMessage invite = flow.last();
        assertEquals("INVITE", invite.method());
        assertEquals("v=0\r\na=sendonly\r\n", invite.bodyText());
        assertTrue(invite.cseq() > update.cseq());
        transactions.onMessage(responseTo(invite, 200), flow);
        assertEquals("ACK", flow.last().method());
        assertEquals(List.of("v=0\r\nanswer\r\n"), renegotiated);
        leg.reOffer("v=0\r\na=sendrecv\r\n");
        assertEquals("INVITE", flow.last().method(), "re-INVITE from here on in this dialog");
    }

    @Test
    void asRefresherWithoutUpdateWeRefreshByReInviteWithTheSameSdp() {
        answeredAndAckedWith("Supported: timer\r\nSession-Expires: 90;refresher=uas");
        assertEquals("90;refresher=uas", flow.sent.stream().filter(m -> m.statusCode() == 200).findFirst()
                .orElseThrow().header("Session-Expires"));
        clock.advance(45_000);
        SipMessage refresh = flow.last();
        assertEquals("INVITE", refresh.method(), "RFC 4028 section 9: the caller did not allow UPDATE");
        assertEquals("v=0\r\n", refresh.bodyText(), "the session offered unchanged");
        assertEquals("90;refresher=uac", refresh.header("Session-Expires"));
        transactions.onMessage(responseTo(refresh, 200), flow);
        assertEquals("ACK", flow.last().method());
        assertEquals(List.of("v=0\r\nanswer\r\n"), renegotiated, "the answer changed, so the listener hears it");
        clock.advance(44_999);
        assertTrue(ends.isEmpty(), "the 200 restarted the interval");
        clock.advance(1);
        SipMessage second = flow.last();
        assertEquals("INVITE", second.method());
        transactions.onMessage(responseTo(second, 200), flow);
        assertEquals(1, renegotiated.size(), "an unchanged answer to a refresh is not a renegotiation");
        assertTrue(ends.isEmpty());
    }

    @Test
    void offerlessReInviteGetsOurSdpAsTheOfferAndTheAckCarriesTheAnswer() {
        answeredAndAcked();
        transactions.onMessage(Caller.request("INVITE", "z9hG4bKre3", 2, ourTag(), null), flow);
        SipMessage ok = flow.last();
        assertEquals(200, ok.statusCode());
        assertEquals("v=0\r\n", ok.bodyText(), "section 14.2: the 200 offers the session as it is");
        assertTrue(offers.isEmpty(), "nothing to answer for the listener");
        transactions.onMessage(Caller.request("ACK", "z9hG4bKack3", 2, ourTag(), SDP), flow);
        assertEquals(List.of(SDP), renegotiated);
    }

    @Test
    void answeredCallsEndAfterTheMaximumDuration() {
        answeredAndAcked();
        clock.advance(4 * 3_600_000L - 1);
        assertTrue(ends.isEmpty());
        clock.advance(1);
        assertEquals("BYE", flow.last().method());
        assertEquals(List.of("LOCAL maximum call duration"), ends);
    }

    private static SipMessage responseTo(SipMessage request, int code) {
        SipMessage r = request.createResponse(code, null);
        if (code == 200) {
            r.setHeader("Contact", "<sip:carol@192.0.2.10:5060>");
            r.setBody("application/sdp", "v=0\r\nanswer\r\n");
        }
        return SipMessages.parseTrusted(r.toString());
    }

    private InboundCall inviteWithTimer(int seconds) {
        behaviour = leg -> leg.answer("v=0\r\n");
        transactions.onMessage(SipMessages.parseTrusted(Caller.request("INVITE", "z9hG4bKst", 1, null, SDP).toString()
                .replace("Max-Forwards: 70", "Max-Forwards: 70\r\nSupported: timer\r\nSession-Expires: " + seconds)),
                flow);
        return legs.isEmpty() ? null : legs.get(legs.size() - 1);
    }

    @Test
    void sessionTimerEndsACallThatIsNeverRefreshed() {
        inviteWithTimer(90);
        SipMessage ok = flow.last();
        assertEquals(200, ok.statusCode());
        assertEquals("90;refresher=uac", ok.header("Session-Expires"));
        assertEquals("timer", ok.header("Require"));
        transactions.onMessage(Caller.request("ACK", "z9hG4bKack", 1, ourTag(), null), flow);
        clock.advance(59_999); // RFC 4028 section 10: interval - min(32 s, interval / 3) = 60 s
        assertTrue(ends.isEmpty());
        clock.advance(1);
        assertEquals("BYE", flow.last().method());
        assertEquals(List.of("LOCAL session expired"), ends);
    }

    @Test
    void aRefreshingUpdateKeepsTheSessionAlive() {
        inviteWithTimer(90);
        transactions.onMessage(Caller.request("ACK", "z9hG4bKack", 1, ourTag(), null), flow);
        clock.advance(40_000);
        transactions.onMessage(SipMessages.parseTrusted(Caller.request("UPDATE", "z9hG4bKrefresh", 2, ourTag(), null)
                .toString().replace("Max-Forwards: 70", "Max-Forwards: 70\r\nSession-Expires: 90;refresher=uac")), flow);
        assertEquals(200, flow.last().statusCode());
        clock.advance(59_000);
        assertTrue(ends.isEmpty(), "refreshed at 40 s: the session lasts until 100 s");
        clock.advance(1_000);
        assertEquals(List.of("LOCAL session expired"), ends);
    }

    @Test
    void tooShortASessionIntervalGets422() {
        assertNull(inviteWithTimer(30));
        assertEquals(422, flow.last().statusCode());
        assertEquals("90", flow.last().header("Min-SE"));
    }
}
