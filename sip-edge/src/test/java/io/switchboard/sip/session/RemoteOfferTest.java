package io.switchboard.sip.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.CallState;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.sip.codec.SipMessage;
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
import org.junit.jupiter.api.Test;

/**
 * The far end's re-INVITE and UPDATE offers answered later by the listener, on a virtual clock: the request
 * stays open until the answer, which gets 200; a decline 488; a failure or no answer in time 500 with
 * Retry-After; and a BYE, a CANCEL or a second offer meanwhile each get one response, never two.
 */
class RemoteOfferTest {
    private static final String HOLD = Caller.SDP + "a=sendonly\r\n";
    private static final String RECVONLY = "v=0\r\na=recvonly\r\n";
    private static final long LIMIT = CallLegListener.REMOTE_OFFER_ANSWER_LIMIT.toMillis();

    private final VirtualScheduler clock = new VirtualScheduler();
    private final LoopbackFlow flow = new LoopbackFlow(TransportKind.UDP, clock);
    private final TransactionLayer transactions;
    private final List<String> offers = new ArrayList<>();
    private final List<String> withdrawn = new ArrayList<>();
    private final List<Integer> refused = new ArrayList<>();
    private final List<String> ends = new ArrayList<>();
    /** The answer the listener owes, completed by each test when it chooses. */
    private CompletableFuture<String> answer = new CompletableFuture<>();
    private CallLeg leg;

    RemoteOfferTest() {
        TrunkTable trunks = new TrunkTable(List.of(TrunkDefinition.inbound("carrier", "192.0.2.0/24")));
        SessionLayer session = new SessionLayer(trunks, inbound -> {
            leg = inbound;
            inbound.setListener(new CallLegListener() {
                @Override
                public CompletionStage<String> onRemoteOffer(String offerSdp) {
                    offers.add(offerSdp);
                    return answer;
                }

                @Override
                public void onRemoteOfferWithdrawn(String remoteSdp) {
                    withdrawn.add(remoteSdp);
                }

                @Override
                public void onRenegotiationFailed(int statusCode) {
                    refused.add(statusCode);
                }

                @Override
                public void onEnded(Party who, String why) {
                    ends.add(who + " " + why);
                }
            });
            inbound.answer("v=0\r\n");
        }, true, target -> flow, new LocalAddresses("203.0.113.5", Map.of(TransportKind.UDP, 5060)), Runnable::run,
                "Switchboard", null);
        transactions = new TransactionLayer(clock, SipTimers.defaults(), flow, session, 100);
        session.attach(transactions);
        transactions.onMessage(Caller.request("INVITE", "z9hG4bKinv", 1, null, Caller.SDP), flow);
        transactions.onMessage(Caller.request("ACK", "z9hG4bKack", 1, ourTag(), null), flow);
    }

    private String ourTag() {
        return flow.sent.stream().filter(m -> m.toTag() != null).findFirst().orElseThrow().toTag();
    }

    private void receive(String method, String branch, long cseq, String body) {
        transactions.onMessage(Caller.request(method, branch, cseq, ourTag(), body), flow);
    }

    /** What was sent since {@code mark} (an index into the flow's record), as status codes or 0 for requests. */
    private List<Integer> codesSince(int mark) {
        return flow.codes().subList(mark, flow.sent.size());
    }

    private SipMessage lastWithCseq(long cseq) {
        for (int i = flow.sent.size() - 1; i >= 0; i--) {
            if (flow.sent.get(i).cseq() == cseq) {
                return flow.sent.get(i);
            }
        }
        throw new AssertionError("nothing sent with CSeq " + cseq);
    }

    @Test
    void reInviteStaysOpenUntilTheAnswerAndItsAckEndsThe200s() {
        int mark = flow.sent.size();
        receive("INVITE", "z9hG4bKre1", 2, HOLD);
        clock.advance(1_000);
        assertEquals(List.of(100), codesSince(mark), "only 100 Trying while the answer is pending");
        assertEquals(List.of(HOLD), offers);
        answer.complete(RECVONLY);
        SipMessage ok = flow.last();
        assertEquals(200, ok.statusCode());
        assertEquals(RECVONLY, ok.bodyText());
        assertEquals(HOLD, leg.remoteSdp(), "the offer is in force once answered");
        receive("ACK", "z9hG4bKack2", 2, null);
        int after = flow.sent.size();
        clock.advance(LIMIT * 2);
        assertEquals(after, flow.sent.size(), "no 200 after the ACK and no 500 after the answer");
        assertTrue(withdrawn.isEmpty());
        assertTrue(ends.isEmpty());
    }

    @Test
    void declinedOfferGets488AndTheSessionStaysAsItWas() {
        receive("INVITE", "z9hG4bKre1", 2, Caller.SDP + "m=video 5000 RTP/AVP 96\r\n");
        answer.complete(null);
        assertEquals(488, flow.last().statusCode());
        assertEquals(Caller.SDP, leg.remoteSdp());
        assertEquals(CallState.ANSWERED, leg.state());
        receive("ACK", "z9hG4bKre1", 2, null); // the ACK of a non-2xx belongs to the transaction
        answer = new CompletableFuture<>();
        receive("INVITE", "z9hG4bKre2", 3, HOLD);
        assertEquals(100, flow.last().statusCode(), "a later offer is taken as usual");
    }

    @Test
    void failedAnswerGets500WithRetryAfter() {
        receive("INVITE", "z9hG4bKre1", 2, HOLD);
        answer.completeExceptionally(new IllegalStateException("relay gone"));
        SipMessage r = flow.last();
        assertEquals(500, r.statusCode());
        int retryAfter = Integer.parseInt(r.header("Retry-After"));
        assertTrue(retryAfter >= 0 && retryAfter <= 10, "section 14.2: 0-10 s, got " + retryAfter);
        assertEquals(Caller.SDP, leg.remoteSdp());
        assertTrue(withdrawn.isEmpty(), "the listener knows of its own failure");
    }

    @Test
    void noAnswerWithinTheLimitGets500AndTheLateAnswerIsDropped() {
        receive("INVITE", "z9hG4bKre1", 2, HOLD);
        clock.advance(LIMIT - 1);
        assertEquals(100, flow.last().statusCode());
        clock.advance(1);
        assertEquals(500, flow.last().statusCode());
        assertNotNull(flow.last().header("Retry-After"));
        assertEquals(List.of(Caller.SDP), withdrawn, "the listener undoes its change to the session in force");
        receive("ACK", "z9hG4bKre1", 2, null);
        int mark = flow.sent.size();
        answer.complete(RECVONLY);
        clock.advance(40_000);
        assertEquals(List.of(), codesSince(mark), "one final response only");
        assertEquals(Caller.SDP, leg.remoteSdp());
        assertEquals(CallState.ANSWERED, leg.state());
    }

    @Test
    void byeWhileTheAnswerIsPendingGets200AndTheReInvite487WithNothingLeftRunning() {
        receive("INVITE", "z9hG4bKre1", 2, HOLD);
        int mark = flow.sent.size();
        receive("BYE", "z9hG4bKbye", 3, null);
        assertEquals(List.of(200, 487), codesSince(mark), "RFC 3261 section 15.1.2");
        assertEquals("INVITE", lastWithCseq(2).cseqMethod());
        assertEquals(List.of("REMOTE BYE"), ends);
        receive("ACK", "z9hG4bKre1", 2, null);
        answer.complete(RECVONLY);
        clock.advance(LIMIT + 40_000);
        assertEquals(2, flow.sent.size() - mark, "no 200, no 500 after the 487");
        assertEquals(0, transactions.serverCount(), "every server transaction ended");
        assertEquals(0, clock.pending(), "no timer left behind");
        assertTrue(withdrawn.isEmpty(), "the call is over, nothing to undo");
    }

    @Test
    void cancelOfThePendingReInviteGets487AndTheSessionStays() {
        receive("INVITE", "z9hG4bKre1", 2, HOLD);
        int mark = flow.sent.size();
        receive("CANCEL", "z9hG4bKre1", 2, null);
        assertEquals(List.of(200, 487), codesSince(mark));
        assertEquals("CANCEL", flow.sent.get(mark).cseqMethod());
        assertEquals(List.of(Caller.SDP), withdrawn);
        receive("ACK", "z9hG4bKre1", 2, null);
        answer.complete(RECVONLY);
        clock.advance(LIMIT);
        assertEquals(2, flow.sent.size() - mark, "the late answer is dropped");
        assertEquals(CallState.ANSWERED, leg.state());
        assertEquals(Caller.SDP, leg.remoteSdp());
    }

    @Test
    void aSecondOfferWhileTheFirstIsPendingGets500AndOursIsRefused() {
        receive("INVITE", "z9hG4bKre1", 2, HOLD);
        receive("INVITE", "z9hG4bKre2", 3, Caller.SDP);
        assertEquals(500, flow.last().statusCode(), "section 14.2: an INVITE before the first one's final response");
        assertNotNull(flow.last().header("Retry-After"));
        receive("UPDATE", "z9hG4bKu1", 4, Caller.SDP);
        assertEquals(500, flow.last().statusCode(), "RFC 3311 section 5.2: an offer while one is unanswered");
        assertEquals(1, offers.size(), "the listener saw only the first offer");
        leg.reOffer("v=0\r\na=sendonly\r\n");
        assertEquals(List.of(491), refused, "glare on our side: our offer waits for theirs");
        assertEquals(500, flow.last().statusCode(), "nothing sent for our refused offer");
        receive("UPDATE", "z9hG4bKu2", 5, null);
        assertEquals(200, flow.last().statusCode(), "a refresh without an offer is still fine");
        answer.complete(RECVONLY);
        SipMessage ok = lastWithCseq(2);
        assertEquals(200, ok.statusCode());
        assertEquals(RECVONLY, ok.bodyText());
    }

    @Test
    void updateStaysOpenUntilTheAnswerWithoutA100() {
        int mark = flow.sent.size();
        receive("UPDATE", "z9hG4bKu1", 2, HOLD);
        clock.advance(1_000);
        assertEquals(List.of(), codesSince(mark), "no provisional response to a non-INVITE (RFC 4320)");
        answer.complete(RECVONLY);
        assertEquals(200, flow.last().statusCode());
        assertEquals(RECVONLY, flow.last().bodyText());
        assertEquals(HOLD, leg.remoteSdp());
    }

    @Test
    void updateWithoutAnAnswerInTimeGets500() {
        receive("UPDATE", "z9hG4bKu1", 2, HOLD);
        clock.advance(LIMIT);
        assertEquals(500, flow.last().statusCode());
        assertEquals("UPDATE", flow.last().cseqMethod());
        assertEquals(List.of(Caller.SDP), withdrawn);
    }

    @Test
    void ourOfferCrossingTheirsGets491AndTheListenerIsNotAsked() {
        leg.reOffer("v=0\r\na=sendonly\r\n");
        assertEquals("INVITE", flow.last().method());
        receive("INVITE", "z9hG4bKre1", 2, HOLD);
        assertEquals(491, flow.last().statusCode(), "section 14.2: glare");
        assertTrue(offers.isEmpty());
    }
}
