package io.switchboard.sip.transaction;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;

/** Request and response texts for transaction tests. */
final class Messages {
    private Messages() {
    }

    static SipMessage request(String method, String branch, String callId, long cseq, String toTag) {
        return SipMessages.parseTrusted(method + " sip:+15551230001@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+15557654321@192.0.2.10>;tag=from1\r\n"
                + "To: <sip:+15551230001@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:caller@192.0.2.10:5060>\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    static SipMessage invite(String branch) {
        return request("INVITE", branch, "call-1", 1, null);
    }

    static SipMessage ack(String branch, String toTag) {
        return request("ACK", branch, "call-1", 1, toTag);
    }

    /** A response as the far end would send it to one of our requests. */
    static SipMessage responseTo(SipMessage request, int code, String toTag) {
        SipMessage r = request.createResponse(code, null);
        if (toTag != null) {
            r.setToTag(toTag);
        }
        return SipMessages.parseTrusted(r.toString());
    }
}
