package io.switchboard.sip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.codec.ParseResult;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadShedderTest {
    private final AtomicInteger backlog = new AtomicInteger();
    private final LoadShedder shedder = new LoadShedder(backlog::get, 100, 7);

    private static SipMessage request(String method, String toTag) {
        String text = method + " sip:+15550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK" + method + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+15557654321@10.0.0.1>;tag=f1\r\n"
                + "To: <sip:+15550100@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: shed-1@10.0.0.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        ParseResult r = new SipParser(100).parse(b, b.length);
        assertEquals(ParseResult.Kind.MESSAGE, r.kind(), r.problem());
        return r.message();
    }

    @Test
    void newRequestsPassWhileTheBacklogIsWithinTheLimit() {
        backlog.set(100);
        assertFalse(shedder.sheds(request("INVITE", null)));
        assertFalse(shedder.sheds(request("OPTIONS", null)));
    }

    @Test
    void newRequestsAreShedBeyondTheLimitWithRetryAfter() {
        backlog.set(101);
        SipMessage invite = request("INVITE", null);
        assertTrue(shedder.sheds(invite));
        assertTrue(shedder.sheds(request("REGISTER", null)));
        SipMessage busy = shedder.refusal(invite);
        assertEquals(503, busy.statusCode());
        assertEquals("7", busy.header("Retry-After"));
        assertEquals(invite.callId(), busy.callId());
    }

    /** What finishes or ends existing work is never shed: in-dialog requests (BYE), ACK and CANCEL. */
    @Test
    void requestsOfExistingWorkAreNeverShed() {
        backlog.set(1_000_000);
        assertFalse(shedder.sheds(request("BYE", "t1")));
        assertFalse(shedder.sheds(request("INVITE", "t1")));
        assertFalse(shedder.sheds(request("ACK", null)));
        assertFalse(shedder.sheds(request("CANCEL", null)));
    }

    @Test
    void zeroNeverSheds() {
        LoadShedder off = new LoadShedder(() -> Integer.MAX_VALUE, 0, 5);
        assertFalse(off.sheds(request("INVITE", null)));
    }
}
