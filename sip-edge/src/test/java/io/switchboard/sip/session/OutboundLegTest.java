package io.switchboard.sip.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.CallState;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;
import io.switchboard.sip.transaction.LoopbackFlow;
import io.switchboard.sip.transaction.SipTimers;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.VirtualScheduler;
import io.switchboard.sip.transport.TransportKind;
import io.switchboard.sip.trunk.TrunkTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The UAC side over a loopback flow on a virtual clock: CANCEL timing, session timer refresh, numbers. */
class OutboundLegTest {
    private final VirtualScheduler clock = new VirtualScheduler();
    private final LoopbackFlow flow = new LoopbackFlow(TransportKind.UDP, clock);
    private final List<String> events = new ArrayList<>();
    private final TransactionLayer transactions;
    private final SessionLayer session;

    OutboundLegTest() {
        TrunkTable trunks = new TrunkTable(List.of(TrunkDefinition.inbound("carrier", "192.0.2.0/24")
                .withOutbound(List.of("192.0.2.10:5060"), null, null).withLimits(0, "1")
                .withOutboundFormat(io.switchboard.sip.api.NumberFormat.DIGITS)));
        session = new SessionLayer(trunks, leg -> { }, true, target -> flow,
                new LocalAddresses("203.0.113.5", Map.of(TransportKind.UDP, 5060)), Runnable::run, "Switchboard", null);
        transactions = new TransactionLayer(clock, SipTimers.defaults(), flow, session, 100);
        session.attach(transactions);
    }

    private CallLeg dial() {
        return session.dial("carrier", "5557654321", "+15550100", "v=0\r\n", new CallLegListener() {
            @Override
            public void onAnswered(String sdp) {
                events.add("answered");
            }

            @Override
            public void onEnded(Party who, String why) {
                events.add("ended " + who + " " + why);
            }
        });
    }

    private static SipMessage reply(SipMessage request, int code, String extra) {
        SipMessage r = request.createResponse(code, null);
        if (code > 100) {
            r.setToTag("far");
        }
        if (code == 200) {
            r.setHeader("Contact", "<sip:far@192.0.2.10:5060>");
            r.setBody("application/sdp", "v=0\r\nanswer\r\n");
        }
        String text = r.toString();
        if (extra != null) {
            text = text.replace("Content-Length", extra + "\r\nContent-Length");
        }
        return SipMessages.parseTrusted(text);
    }

    @Test
    void numbersAreWrittenInTheTrunksFormat() {
        dial();
        SipMessage invite = flow.last();
        assertEquals("sip:15557654321@192.0.2.10:5060", invite.requestUri());
        assertEquals("15550100", invite.fromUser());
        assertTrue(invite.headers("Supported").contains("timer"));
    }

    @Test
    void callerNameIsTheQuotedDisplayNameOfFromAndAssertedIdentity() {
        CallLeg leg = session.dial("carrier", "5557654321", "+15550100", "Sales \"East\" \\ 2", "v=0\r\n", null);
        SipMessage invite = flow.last();
        String quoted = "\"Sales \\\"East\\\" \\\\ 2\" <sip:15550100@";
        assertTrue(invite.header("From").startsWith(quoted), invite.header("From"));
        assertTrue(invite.header("P-Asserted-Identity").startsWith(quoted), invite.header("P-Asserted-Identity"));
        assertEquals("Sales \"East\" \\ 2", leg.callerName());
    }

    @Test
    void withoutCallerNameFromHasNoDisplayName() {
        dial();
        SipMessage invite = flow.last();
        assertEquals(null, invite.fromDisplayName());
        assertTrue(invite.header("P-Asserted-Identity").startsWith("<sip:15550100@"), invite.header("P-Asserted-Identity"));
    }

    @Test
    void hangUpBeforeAnyProvisionalWaitsToCancel() {
        CallLeg leg = dial();
        SipMessage invite = flow.last();
        leg.hangUp();
        assertEquals("INVITE", flow.last().method(), "section 9.1: no CANCEL before a provisional response");
        transactions.onMessage(reply(invite, 180, null), flow);
        SipMessage cancel = flow.last();
        assertEquals("CANCEL", cancel.method());
        assertEquals(invite.viaBranch(), cancel.viaBranch());
        transactions.onMessage(reply(invite, 487, null), flow);
        assertEquals(List.of("ended LOCAL CANCEL"), events);
    }

    @Test
    void hangUpWhileRingingCancelsAtOnce() {
        CallLeg leg = dial();
        SipMessage invite = flow.last();
        transactions.onMessage(reply(invite, 180, null), flow);
        leg.hangUp();
        SipMessage cancel = flow.last();
        assertEquals("CANCEL", cancel.method(), "section 9.1: a provisional response arrived, CANCEL now");
        assertEquals(invite.viaBranch(), cancel.viaBranch());
        transactions.onMessage(reply(invite, 487, null), flow);
        assertEquals(List.of("ended LOCAL CANCEL"), events);
        assertEquals(CallState.ENDED, leg.state());
    }

    @Test
    void hangUpOnAnAnsweredCallSendsByeInTheDialog() {
        CallLeg leg = dial();
        transactions.onMessage(reply(flow.last(), 200, null), flow);
        assertEquals("ACK", flow.last().method());
        leg.hangUp();
        SipMessage bye = flow.last();
        assertEquals("BYE", bye.method());
        assertEquals("far", bye.toTag());
        assertEquals("sip:far@192.0.2.10:5060", bye.requestUri(), "the remote target from the 200's Contact");
        assertEquals(List.of("answered", "ended LOCAL BYE"), events);
        assertEquals(CallState.ENDED, leg.state());
    }

    @Test
    void reOfferBeforeTheAnswerSendsNothingAndIsRefusedWith491() {
        List<Integer> refused = new ArrayList<>();
        CallLeg leg = session.dial("carrier", "5557654321", "+15550100", "v=0\r\n", new CallLegListener() {
            @Override
            public void onRenegotiationFailed(int statusCode) {
                refused.add(statusCode);
            }
        });
        SipMessage invite = flow.last();
        transactions.onMessage(reply(invite, 180, null), flow);
        leg.reOffer("v=0\r\na=sendonly\r\n");
        assertEquals(invite.cseq(), flow.last().cseq(), "no request after the INVITE");
        assertEquals("INVITE", flow.last().method());
        assertEquals(List.of(491), refused);
        assertEquals(CallState.RINGING, leg.state());
    }

    @Test
    void asRefresherWeSendUpdateAtHalfTheIntervalAndEndWhenItIsRefused() {
        dial();
        SipMessage invite = flow.last();
        transactions.onMessage(reply(invite, 200, "Session-Expires: 120;refresher=uac\r\nRequire: timer\r\n"
                + "Allow: INVITE, ACK, BYE, UPDATE"), flow);
        assertEquals("ACK", flow.last().method());
        assertEquals(List.of("answered"), events);
        clock.advance(60_000);
        SipMessage update = flow.last();
        assertEquals("UPDATE", update.method());
        assertEquals("far", update.toTag());
        transactions.onMessage(reply(update, 200, null), flow);
        clock.advance(60_000);
        SipMessage second = flow.last();
        assertEquals("UPDATE", second.method(), "the 200 restarted the interval");
        transactions.onMessage(reply(second, 481, null), flow);
        assertEquals("BYE", flow.last().method(), "RFC 3261 section 14.1 / RFC 4028: a 481 ends the dialog");
        assertEquals(List.of("answered", "ended REMOTE session refresh 481"), events);
    }

    @Test
    void asRefresherWeReInviteWhenTheAnswerDidNotAllowUpdate() {
        CallLeg leg = dial();
        SipMessage invite = flow.last();
        transactions.onMessage(reply(invite, 200, "Session-Expires: 120;refresher=uac\r\nRequire: timer\r\n"
                + "Allow: INVITE, ACK, BYE"), flow);
        clock.advance(60_000);
        SipMessage refresh = flow.last();
        assertEquals("INVITE", refresh.method());
        assertEquals("v=0\r\n", refresh.bodyText(), "our offer, unchanged");
        assertEquals("120;refresher=uac", refresh.header("Session-Expires"));
        transactions.onMessage(reply(refresh, 200, null), flow);
        assertEquals("ACK", flow.last().method());
        assertEquals(refresh.cseq(), flow.last().cseq());
        leg.reOffer("v=0\r\na=sendonly\r\n");
        assertEquals("INVITE", flow.last().method(), "no UPDATE in Allow: re-offers are re-INVITEs");
        assertEquals(List.of("answered"), events);
    }

    @Test
    void reOfferIsAnUpdateWhenTheAnswerAllowsIt() {
        CallLeg leg = dial();
        transactions.onMessage(reply(flow.last(), 200, "Allow: INVITE, ACK, BYE, UPDATE"), flow);
        leg.reOffer("v=0\r\na=sendonly\r\n");
        SipMessage update = flow.last();
        assertEquals("UPDATE", update.method());
        assertEquals("far", update.toTag());
        assertEquals("sip:far@192.0.2.10:5060", update.requestUri(), "the remote target from the 200's Contact");
        transactions.onMessage(reply(update, 200, null), flow);
        assertEquals("UPDATE", flow.last().method(), "nothing sent after the UPDATE's 200");
        assertEquals("v=0\r\nanswer\r\n", leg.remoteSdp());
    }

    @Test
    void aRefreshingUpdateRefusedWith501IsSentAgainAsReInvite() {
        dial();
        transactions.onMessage(reply(flow.last(), 200, "Session-Expires: 120;refresher=uac\r\nRequire: timer\r\n"
                + "Allow: INVITE, ACK, BYE, UPDATE"), flow);
        clock.advance(60_000);
        SipMessage update = flow.last();
        assertEquals("UPDATE", update.method());
        transactions.onMessage(reply(update, 501, null), flow);
        SipMessage refresh = flow.last();
        assertEquals("INVITE", refresh.method(), "listed but not implemented: refresh by re-INVITE at once");
        assertEquals("120;refresher=uac", refresh.header("Session-Expires"));
        transactions.onMessage(reply(refresh, 200, null), flow);
        assertEquals("ACK", flow.last().method());
        clock.advance(60_000);
        assertEquals("INVITE", flow.last().method(), "the next refresh is a re-INVITE too");
        assertEquals(List.of("answered"), events);
    }
}
