package io.switchboard.sip.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;
import io.switchboard.sip.transaction.LoopbackFlow;
import io.switchboard.sip.transaction.SipTimers;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.VirtualScheduler;
import io.switchboard.sip.transport.TransportKind;
import io.switchboard.sip.trunk.DigestClient;
import io.switchboard.sip.trunk.TrunkTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A phone that registers over TLS (or TCP) is called through the connection it registered over, with a Via of
 * that transport, not at its Contact's address, which behind NAT or without a TLS listener reaches nothing
 * (RFC 5923, RFC 5626 section 5.3); the connection counts as in use while the binding lives.
 */
class PhoneConnectionReuseTest {
    private final VirtualScheduler clock = new VirtualScheduler();
    /** Where the edge would open a connection of its own to the Contact's address. */
    private final LoopbackFlow dialled = new LoopbackFlow(TransportKind.TLS, clock);
    /** The connection the phone opened and registered over. */
    private final LoopbackFlow phone = new LoopbackFlow(TransportKind.TLS, clock);
    private final SessionLayer session;
    private final TransactionLayer transactions;

    PhoneConnectionReuseTest() {
        session = new SessionLayer(new TrunkTable(List.of(TrunkDefinition.inbound("carrier", "198.51.100.0/24"))),
                leg -> { }, true, target -> dialled,
                new LocalAddresses("203.0.113.5", Map.of(TransportKind.UDP, 5060, TransportKind.TCP, 5060,
                        TransportKind.TLS, 5061)), Runnable::run, "Switchboard", null);
        transactions = new TransactionLayer(clock, SipTimers.defaults(), phone, session, 100);
        session.attach(transactions);
        session.setPhoneUsers(Map.of("alice", DigestSecret.fromPassword("alice", "switchboard", "pw")),
                List.of("MD5"));
    }

    private SipMessage register(int cseq, String authorization) {
        return SipMessages.parseTrusted("REGISTER sip:203.0.113.5 SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 10.1.2.3:49152;branch=z9hG4bKreg" + cseq + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:alice@203.0.113.5>;tag=r1\r\nTo: <sip:alice@203.0.113.5>\r\n"
                + "Call-ID: reg-1\r\nCSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:alice@10.1.2.3:5061;transport=tls>;expires=600\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: 0\r\n\r\n");
    }

    @Test
    void aPhoneRegisteredOverTlsIsRungOnItsOwnConnection() {
        transactions.onMessage(register(1, null), phone);
        assertEquals(401, phone.last().statusCode());
        String authorization = new DigestClient("alice", "pw").authorization(
                DigestClient.choose(phone.last().headers("WWW-Authenticate")), "REGISTER", "sip:203.0.113.5");
        transactions.onMessage(register(2, authorization), phone);
        assertEquals(200, phone.last().statusCode());
        assertTrue(session.usesFlow(phone), "the registration keeps its connection");

        session.ringPhone("alice", "+15550100", "Sales", Caller.SDP, null);
        SipMessage invite = phone.last();
        assertEquals("INVITE", invite.method());
        assertEquals("sip:alice@10.1.2.3:5061;transport=tls", invite.requestUri());
        assertTrue(invite.header("Via").startsWith("SIP/2.0/TLS 203.0.113.5:5061"), invite.header("Via"));
        assertEquals(List.of(), dialled.sent, "no connection of our own to the Contact's address");
    }
}
