package io.switchboard.sip.session;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;

/** Requests of the caller Carol (192.0.2.10, Call-ID abc@192.0.2.10) as the session tests receive them. */
final class Caller {
    static final String SDP = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 0\r\n";

    private Caller() {
    }

    /** A request of Carol's; {@code toTag} null for the initial INVITE, {@code body} null for none. */
    static SipMessage request(String method, String branch, long cseq, String toTag, String body) {
        return SipMessages.parseTrusted(method + " sip:5550100@203.0.113.5 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"Carol\" <sip:5557654321@192.0.2.10>;tag=caller1\r\n"
                + "To: <sip:5550100@203.0.113.5>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: abc@192.0.2.10\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:carol@192.0.2.10:5060>\r\n"
                + (body == null ? "Content-Length: 0\r\n\r\n"
                : "Content-Type: application/sdp\r\nContent-Length: " + body.length() + "\r\n\r\n" + body));
    }
}
