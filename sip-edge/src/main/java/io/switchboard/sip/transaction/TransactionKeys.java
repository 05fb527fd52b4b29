package io.switchboard.sip.transaction;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;
import java.util.Locale;

/** Transaction matching keys of RFC 3261 sections 17.1.3 and 17.2.3. */
final class TransactionKeys {
    private TransactionKeys() {
    }

    /**
     * Server side (section 17.2.3): branch, sent-by and method, ACK matching INVITE. A branch without the
     * magic cookie comes from an RFC 2543 client; those are keyed on the older fields of section 17.2.3.
     */
    static String server(SipMessage request) {
        String method = request.method();
        String matched = "ACK".equals(method) ? "INVITE" : method;
        return server(request, matched);
    }

    /** The key of the INVITE server transaction a CANCEL targets (section 9.2). */
    static String cancelled(SipMessage cancel) {
        return server(cancel, "INVITE");
    }

    private static String server(SipMessage request, String method) {
        String branch = request.viaBranch();
        if (branch != null && branch.startsWith(SipMessages.MAGIC_COOKIE)) {
            return branch + '|' + request.viaSentBy().toLowerCase(Locale.ROOT) + '|' + method;
        }
        // RFC 2543: Request-URI, From tag, Call-ID, CSeq number and top Via identify the transaction
        String uri = "ACK".equals(request.method()) || "CANCEL".equals(request.method()) ? "" : request.requestUri();
        return "2543|" + uri + '|' + request.fromTag() + '|' + request.callId() + '|' + request.cseq() + '|'
                + request.viaSentBy() + '|' + branch + '|' + method;
    }

    /** Client side (section 17.1.3): the branch of the top Via and the CSeq method. */
    static String client(SipMessage message) {
        String method = message.cseqMethod();
        return message.viaBranch() + '|' + ("ACK".equals(method) ? "INVITE" : method);
    }

    /** Section 8.2.2.2: requests without a To tag that share From tag, Call-ID and CSeq were merged. */
    static String merge(SipMessage request) {
        return request.fromTag() + '|' + request.callId() + '|' + request.cseq() + '|' + request.method();
    }
}
