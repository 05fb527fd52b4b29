package io.switchboard.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transport.TransportKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3261 section 17.1 and RFC 6026 client transactions, stepped on a virtual clock. */
class ClientTransactionTest {
    private final VirtualScheduler clock = new VirtualScheduler();
    private final RecordingUser tu = new RecordingUser();
    private final LoopbackFlow flow = new LoopbackFlow(TransportKind.UDP, clock);
    private final TransactionLayer layer = new TransactionLayer(clock, SipTimers.defaults(), flow, tu, 1000);

    @Test
    void inviteIsRetransmittedOnTimerAWithoutCapUntilTimerB() {
        InviteClientTransaction tx = (InviteClientTransaction) layer.send(Messages.invite("z9hG4bKc1"), flow, tu);
        clock.advance(31_999);
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L), flow.sentAt);
        assertTrue(tu.timeouts.isEmpty());
        clock.advance(1);
        assertEquals(List.of(tx), tu.timeouts);
        assertTrue(tx.isTerminated());
        assertEquals(0, layer.clientCount());
    }

    @Test
    void provisionalStopsRetransmission() {
        SipMessage invite = Messages.invite("z9hG4bKc1");
        InviteClientTransaction tx = (InviteClientTransaction) layer.send(invite, flow, tu);
        layer.onMessage(Messages.responseTo(invite, 180, "r1"), flow);
        assertEquals(InviteClientTransaction.State.PROCEEDING, tx.state());
        clock.advance(60_000);
        assertEquals(1, flow.sent.size());
        assertTrue(tu.timeouts.isEmpty(), "Timer B does not run in Proceeding");
    }

    @Test
    void non2xxIsAckedInTheTransactionAndRetransmissionsReAcked() {
        SipMessage invite = Messages.invite("z9hG4bKc1");
        InviteClientTransaction tx = (InviteClientTransaction) layer.send(invite, flow, tu);
        SipMessage busy = Messages.responseTo(invite, 486, "r1");
        layer.onMessage(busy, flow);
        SipMessage ack = flow.last();
        assertEquals("ACK", ack.method());
        assertEquals("z9hG4bKc1", ack.viaBranch(), "section 17.1.1.3: same branch as the INVITE");
        assertEquals("r1", ack.toTag());
        assertEquals(1, ack.cseq());
        layer.onMessage(busy, flow);
        assertEquals(3, flow.sent.size());
        assertEquals("ACK", flow.last().method());
        assertEquals(1, tu.responses.size(), "the TU sees the final response once");
        clock.advance(32_000); // Timer D
        assertTrue(tx.isTerminated());
    }

    @Test
    void twoXxRetransmissionsReachTheTuUntilTimerM() {
        SipMessage invite = Messages.invite("z9hG4bKc1");
        InviteClientTransaction tx = (InviteClientTransaction) layer.send(invite, flow, tu);
        SipMessage ok = Messages.responseTo(invite, 200, "r1");
        layer.onMessage(ok, flow);
        layer.onMessage(ok, flow);
        assertEquals(InviteClientTransaction.State.ACCEPTED, tx.state());
        assertEquals(2, tu.responses.size());
        assertEquals(1, flow.sent.size(), "the transaction never ACKs a 2xx");
        clock.advance(32_000);
        assertTrue(tx.isTerminated());
        layer.onMessage(ok, flow);
        assertEquals(1, tu.strays.size(), "after Timer M a 2xx is a stray for the TU to ACK");
    }

    @Test
    void nonInviteRetransmitsDoublingToT2ThenTimesOutOnTimerF() {
        NonInviteClientTransaction tx = (NonInviteClientTransaction) layer.send(
                Messages.request("BYE", "z9hG4bKb1", "c", 2, "t1"), flow, tu);
        clock.advance(31_999);
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L),
                flow.sentAt);
        clock.advance(1);
        assertEquals(List.of(tx), tu.timeouts);
    }

    @Test
    void nonInviteProceedingRetransmitsEveryT2AndCompletesOnFinal() {
        SipMessage bye = Messages.request("BYE", "z9hG4bKb1", "c", 2, "t1");
        NonInviteClientTransaction tx = (NonInviteClientTransaction) layer.send(bye, flow, tu);
        layer.onMessage(Messages.responseTo(bye, 100, null), flow);
        clock.advance(500);
        clock.advance(4000);
        assertEquals(List.of(0L, 500L, 4500L), flow.sentAt);
        layer.onMessage(Messages.responseTo(bye, 200, null), flow);
        assertEquals(NonInviteClientTransaction.State.COMPLETED, tx.state());
        layer.onMessage(Messages.responseTo(bye, 200, null), flow);
        assertEquals(2, tu.responses.size(), "100 and one 200; the retransmitted 200 is absorbed");
        clock.advance(5000); // Timer K = T4
        assertTrue(tx.isTerminated());
        assertEquals(0, clock.pending());
    }
}
