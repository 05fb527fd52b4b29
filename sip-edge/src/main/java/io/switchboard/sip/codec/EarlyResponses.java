package io.switchboard.sip.codec;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/**
 * Responses to requests refused before (or despite) jain-sip's parse: built from the raw header lines, so a
 * request whose CSeq, From or start line jain-sip cannot represent still gets its 400, 505 or 513 (RFC 3261
 * section 8.2.6.2 copies Via, From, To, Call-ID and CSeq; whatever of those is missing or unreadable is left
 * out). Without a usable Via there is nowhere to send a response, and none is built.
 */
final class EarlyResponses {
    private EarlyResponses() {
    }

    /** The response, or null when the request has no Via jain-sip can read. */
    static SipMessage build(HeaderBlock request, int status, String reason) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (HeaderBlock.Line via : request.all("via")) {
            sb.append("Via: ").append(via.value()).append("\r\n");
        }
        for (String name : new String[] {"from", "to", "call-id", "cseq"}) {
            for (HeaderBlock.Line l : request.all(name)) {
                sb.append(l.name()).append(": ").append(l.value()).append("\r\n");
                break; // the first one only, when a request repeats them (RFC 4475 section 3.3.8)
            }
        }
        sb.append("Content-Length: 0\r\n\r\n");
        SIPMessage raw;
        try {
            raw = new StringMsgParser().parseSIPMessage(sb.toString().getBytes(StandardCharsets.ISO_8859_1), false,
                    false, (ex, msg, cls, headerText, msgText) -> {
                        // an unreadable copied header is left out of the response
                    });
        } catch (ParseException | RuntimeException e) {
            return null;
        }
        if (!(raw instanceof SIPResponse response) || response.getTopmostVia() == null
                || response.getTopmostVia().getHost() == null) {
            return null;
        }
        SipMessage message = new SipMessage(response);
        if (response.getTo() != null && message.toTag() == null) {
            message.setToTag(SipMessages.newTag()); // section 8.2.6.2
        }
        message.setHeader("Warning", "399 switchboard \"" + reason.replace('"', '\'') + "\"");
        return message;
    }
}
