package io.switchboard.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transport.TransportKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3261 section 17.2 and RFC 6026 server transactions, stepped on a virtual clock. */
class ServerTransactionTest {
    private final VirtualScheduler clock = new VirtualScheduler();
    private final RecordingUser tu = new RecordingUser();
    private LoopbackFlow flow = new LoopbackFlow(TransportKind.UDP, clock);
    private TransactionLayer layer = new TransactionLayer(clock, SipTimers.defaults(), flow, tu, 1000);

    private void useTcp() {
        flow = new LoopbackFlow(TransportKind.TCP, clock);
        layer = new TransactionLayer(clock, SipTimers.defaults(), flow, tu, 1000);
    }

    private InviteServerTransaction receiveInvite() {
        layer.onMessage(Messages.invite("z9hG4bKi1"), flow);
        return (InviteServerTransaction) tu.requests.get(0);
    }

    @Test
    void inviteGets100TryingAtOnceAndRetransmissionRepeatsLastProvisional() {
        InviteServerTransaction tx = receiveInvite();
        assertEquals(List.of(100), flow.codes());
        layer.onMessage(Messages.invite("z9hG4bKi1"), flow);
        assertEquals(List.of(100, 100), flow.codes());
        tx.respond(tx.request().createResponse(180, null).setToTag("t1"));
        layer.onMessage(Messages.invite("z9hG4bKi1"), flow);
        assertEquals(List.of(100, 100, 180, 180), flow.codes());
        assertEquals(1, tu.requests.size(), "a retransmission never reaches the TU");
    }

    @Test
    void non2xxIsRetransmittedOnTimerGUntilAckThenConfirmedUntilTimerI() {
        InviteServerTransaction tx = receiveInvite();
        tx.respond(tx.request().createResponse(486, null).setToTag("t1"));
        assertEquals(InviteServerTransaction.State.COMPLETED, tx.state());
        clock.advance(500);   // G = T1
        clock.advance(1000);  // 2*T1
        clock.advance(2000);  // 4*T1
        clock.advance(4000);  // capped at T2
        clock.advance(4000);
        assertEquals(List.of(100, 486, 486, 486, 486, 486, 486), flow.codes());
        assertEquals(List.of(0L, 0L, 500L, 1500L, 3500L, 7500L, 11500L), flow.sentAt);
        layer.onMessage(Messages.ack("z9hG4bKi1", "t1"), flow);
        assertEquals(InviteServerTransaction.State.CONFIRMED, tx.state());
        clock.advance(4000);
        assertEquals(7, flow.sent.size(), "no retransmission after the ACK");
        layer.onMessage(Messages.ack("z9hG4bKi1", "t1"), flow);
        assertTrue(tu.acks.isEmpty(), "ACK for a non-2xx stays in the transaction");
        clock.advance(1000); // Timer I = T4 = 5 s after the ACK
        assertTrue(tx.isTerminated());
        assertEquals(0, layer.serverCount());
    }

    @Test
    void timerHEndsTheTransactionWhenNoAckComes() {
        InviteServerTransaction tx = receiveInvite();
        tx.respond(tx.request().createResponse(603, null).setToTag("t1"));
        clock.advance(31_999);
        assertFalse(tx.isTerminated());
        clock.advance(1);
        assertTrue(tx.isTerminated());
        assertEquals(List.of(tx), tu.ackTimeouts);
        assertEquals(0, clock.pending(), "no timer left behind");
    }

    @Test
    void reliableTransportSendsNoTimerGRetransmissionsAndTimerIIsZero() {
        useTcp();
        InviteServerTransaction tx = receiveInvite();
        tx.respond(tx.request().createResponse(486, null).setToTag("t1"));
        clock.advance(10_000);
        assertEquals(List.of(100, 486), flow.codes());
        layer.onMessage(Messages.ack("z9hG4bKi1", "t1"), flow);
        clock.advance(0);
        assertTrue(tx.isTerminated());
    }

    @Test
    void twoXxMovesToAcceptedWhereInviteRetransmissionsAreAbsorbedAndAckGoesToTheTu() {
        InviteServerTransaction tx = receiveInvite();
        SipMessage request = tx.request();
        SipMessage ok = request.createResponse(200, null).setToTag("t1");
        assertTrue(tx.respond(ok));
        assertEquals(null, tx.request(), "a final response releases the parsed request");
        assertEquals(InviteServerTransaction.State.ACCEPTED, tx.state());
        layer.onMessage(Messages.invite("z9hG4bKi1"), flow);
        assertEquals(List.of(100, 200), flow.codes(), "RFC 6026: the INVITE retransmission is absorbed");
        assertTrue(tx.respond(ok), "the TU retransmits its 2xx through the transaction");
        assertFalse(tx.respond(request.createResponse(486, null)), "no non-2xx after a 2xx");
        layer.onMessage(Messages.ack("z9hG4bKi1", "t1"), flow);
        assertEquals(1, tu.acks.size());
        clock.advance(32_000); // Timer L
        assertTrue(tx.isTerminated());
    }

    @Test
    void ackWithNewBranchGoesToTheTuAsA2xxAck() {
        receiveInvite();
        layer.onMessage(Messages.ack("z9hG4bKnew", "t1"), flow);
        assertEquals(1, tu.acks.size());
    }

    @Test
    void nonInviteAbsorbsRetransmissionsInTryingAndRepeatsFinalUntilTimerJ() {
        layer.onMessage(Messages.request("OPTIONS", "z9hG4bKo1", "opt", 1, null), flow);
        NonInviteServerTransaction tx = (NonInviteServerTransaction) tu.requests.get(0);
        layer.onMessage(Messages.request("OPTIONS", "z9hG4bKo1", "opt", 1, null), flow);
        assertTrue(flow.sent.isEmpty(), "Trying sends nothing for a retransmission");
        tx.respond(tx.request().createResponse(200, null));
        layer.onMessage(Messages.request("OPTIONS", "z9hG4bKo1", "opt", 1, null), flow);
        assertEquals(List.of(200, 200), flow.codes());
        clock.advance(31_999);
        assertEquals(NonInviteServerTransaction.State.COMPLETED, tx.state());
        clock.advance(1);
        assertTrue(tx.isTerminated());
        assertEquals(0, layer.serverCount());
    }

    @Test
    void nonInviteProvisionalIsRepeatedInProceeding() {
        layer.onMessage(Messages.request("BYE", "z9hG4bKb1", "c", 2, "t1"), flow);
        ServerTransaction tx = tu.requests.get(0);
        tx.respond(tx.request().createResponse(100, null));
        layer.onMessage(Messages.request("BYE", "z9hG4bKb1", "c", 2, "t1"), flow);
        assertEquals(List.of(100, 100), flow.codes());
    }

    @Test
    void mergedRequestGets482() {
        layer.onMessage(Messages.invite("z9hG4bKpath1"), flow);
        layer.onMessage(Messages.invite("z9hG4bKpath2"), flow);
        assertEquals(1, tu.requests.size());
        assertEquals(482, flow.last().statusCode());
    }

    @Test
    void cancelFindsItsInviteTransaction() {
        InviteServerTransaction invite = receiveInvite();
        SipMessage cancel = Messages.request("CANCEL", "z9hG4bKi1", "call-1", 1, null);
        layer.onMessage(cancel, flow);
        ServerTransaction cancelTx = tu.requests.get(1);
        assertTrue(cancelTx instanceof NonInviteServerTransaction);
        assertSame(invite, layer.findCancelled(cancel));
        assertEquals(null, layer.findCancelled(Messages.request("CANCEL", "z9hG4bKother", "call-1", 1, null)));
    }

    @Test
    void transactionLimitAnswers503() {
        layer = new TransactionLayer(clock, SipTimers.defaults(), flow, tu, 1);
        layer.onMessage(Messages.request("OPTIONS", "z9hG4bKa", "a", 1, null), flow);
        layer.onMessage(Messages.request("OPTIONS", "z9hG4bKb", "b", 1, null), flow);
        assertEquals(1, tu.requests.size());
        assertEquals(503, flow.last().statusCode());
        assertEquals(1, layer.counters().snapshot().get("transaction_limit_rejections_total"));
    }
}
