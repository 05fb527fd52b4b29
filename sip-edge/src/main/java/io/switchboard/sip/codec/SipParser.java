package io.switchboard.sip.codec;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;

/**
 * Turns one framed message (a datagram, or a stream frame cut by {@link SipFraming}) into a
 * {@link ParseResult}, using jain-sip-ri's StringMsgParser for the start line and headers. Never throws on
 * peer input: a broken header becomes a 400 naming it when the headers a response needs (Via, From, To,
 * Call-ID, CSeq; RFC 3261 section 8.2.6.2) survived, otherwise a drop with a reason.
 */
public final class SipParser {
    private static final String[] MANDATORY = {"Via", "From", "To", "Call-ID", "CSeq"};

    private final int maxHeaders;
    private final int maxHeaderBytes;
    private final int maxBodyBytes;

    /** A parser without size limits (for messages we build ourselves). */
    public SipParser(int maxHeaders) {
        this(maxHeaders, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param maxHeaders     header lines allowed in one message; more is answered 400
     * @param maxHeaderBytes a header block over this is dropped before parsing
     * @param maxBodyBytes   a request whose body is over this is answered 513 without parsing the body
     */
    public SipParser(int maxHeaders, int maxHeaderBytes, int maxBodyBytes) {
        this.maxHeaders = maxHeaders;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * The answer to a request whose stream framing failed ({@code head} is its header block): the 400 or 513
     * the caller sends before closing the connection, or a drop when there is no usable Via.
     */
    public ParseResult rejectHeaders(byte[] head, int status, String reason) {
        try {
            HeaderBlock block = HeaderBlock.read(head, 0, head.length);
            if (block.startLine().startsWith("SIP/") || block.startLine().startsWith("ACK ")) {
                return ParseResult.drop(reason);
            }
            return early(block, status, reason);
        } catch (RuntimeException e) {
            return ParseResult.drop(reason + "; " + e);
        }
    }

    /** Parses {@code bytes[0..length)}; the array is not kept. */
    public ParseResult parse(byte[] bytes, int length) {
        try {
            return parseUnchecked(bytes, length);
        } catch (RuntimeException e) {
            // jain-sip throws unchecked exceptions on some inputs (index, number format): a drop, not a crash
            return ParseResult.drop("parser failure: " + e);
        }
    }

    private ParseResult parseUnchecked(byte[] bytes, int length) {
        int start = SipFraming.skipLeadingCrlf(bytes, 0, length);
        if (start == length) {
            return ParseResult.keepalive(); // RFC 5626 section 3.5.1 CRLF keepalive
        }
        int headerEnd = SipFraming.headerEnd(bytes, start, length);
        int bodyStart = headerEnd < 0 ? length : headerEnd;
        int headersLength = headerEnd < 0 ? length - start : headerEnd - start;
        if (headersLength > maxHeaderBytes) {
            return ParseResult.drop("header block over " + maxHeaderBytes + " bytes"); // checked before parsing
        }
        HeaderBlock block = HeaderBlock.read(bytes, start, start + headersLength);
        boolean response = block.startLine().startsWith("SIP/");
        boolean answerableRequest = !response && !block.startLine().startsWith("ACK ");
        if (length - bodyStart > maxBodyBytes) {
            String why = "body of " + (length - bodyStart) + " bytes over " + maxBodyBytes;
            // RFC 3261 section 21.5.7 (513): the same body limit as on streams, checked before parsing
            return answerableRequest ? early(block, 513, "Message Too Large") : ParseResult.drop(why);
        }
        StrictGrammar.Problem problem = response ? StrictGrammar.checkResponse(block) : StrictGrammar.checkRequest(block);
        if (problem != null) {
            return answerableRequest && problem.status() > 0 ? early(block, problem.status(), problem.reason())
                    : ParseResult.drop(problem.reason());
        }
        byte[] head = Arrays.copyOfRange(bytes, start, start + headersLength);
        String firstLine = firstLine(head);

        Failure failure = new Failure();
        SIPMessage raw;
        try {
            raw = new StringMsgParser().parseSIPMessage(head, false, false, (ex, msg, cls, headerText, msgText) -> {
                // RFC 4475 section 3.1.2.12: a Date we do not use is no reason to refuse (jain-sip drops it)
                if (failure.headerText == null && !"date".equalsIgnoreCase(headerName(String.valueOf(headerText)))) {
                    failure.headerText = headerText == null ? "" : headerText.trim();
                    failure.detail = ex.getMessage();
                }
            });
        } catch (ParseException e) {
            return ParseResult.drop("unparseable message: " + e.getMessage());
        }
        if (raw == null) {
            return ParseResult.drop("empty message");
        }
        if ((failure.headerText != null && failure.headerText.equals(firstLine.trim()))
                || (!(raw instanceof SIPRequest) && !(raw instanceof SIPResponse))) {
            return answerableRequest ? early(block, 400, "Bad Request-Line")
                    : ParseResult.drop("bad start line: " + abbreviate(firstLine));
        }
        for (String name : MANDATORY) {
            if (raw.getHeader(name) == null) {
                String why = failure.headerText != null ? "Bad " + headerName(failure.headerText) + " header"
                        : "Missing " + name + " header";
                // RFC 4475 section 3.3.1: answered 400 when the Via survived, from the raw header lines
                return answerableRequest ? early(block, 400, why) : ParseResult.drop(why);
            }
        }
        SipMessage message = new SipMessage(raw);
        boolean answerable = raw instanceof SIPRequest request && !"ACK".equals(request.getMethod());
        if (failure.headerText != null) {
            return rejectOrDrop(message, answerable, "Bad " + headerName(failure.headerText) + " header");
        }
        if (raw instanceof SIPRequest request && !request.getMethod().equals(raw.getCSeq().getMethod())) {
            // RFC 3261 section 8.1.1.5: the CSeq method MUST match the request's
            return rejectOrDrop(message, answerable, "CSeq method does not match request method");
        }
        if (message.headerCount() > maxHeaders) {
            return rejectOrDrop(message, answerable, "Too many headers");
        }
        return attachBody(message, raw, bytes, bodyStart, length, answerable);
    }

    /** RFC 3261 section 18.3: bytes past Content-Length are discarded; a short body is an error. */
    private static ParseResult attachBody(SipMessage message, SIPMessage raw, byte[] bytes, int bodyStart,
                                          int length, boolean answerable) {
        int available = length - bodyStart;
        int declared = raw.getContentLength() == null ? available : raw.getContentLength().getContentLength();
        if (declared > available) {
            return rejectOrDrop(message, answerable, "Content-Length larger than message body");
        }
        if (declared > 0) {
            raw.setMessageContent(Arrays.copyOfRange(bytes, bodyStart, bodyStart + declared));
        } else {
            raw.removeContent();
        }
        return ParseResult.message(message);
    }

    /** A 400/505/513 built from the raw lines, or a drop when there is no usable Via to answer to. */
    private static ParseResult early(HeaderBlock block, int status, String reason) {
        SipMessage response = EarlyResponses.build(block, status, reason);
        return response == null ? ParseResult.drop(reason + " (no usable Via)") : ParseResult.reject(response, reason);
    }

    private static ParseResult rejectOrDrop(SipMessage message, boolean answerable, String reason) {
        if (!answerable) {
            return ParseResult.drop(reason);
        }
        SipMessage response = message.createResponse(400, reason);
        if (response.toTag() == null) {
            response.setToTag(SipMessages.newTag()); // RFC 3261 section 8.2.6.2
        }
        response.setHeader("Warning", "399 switchboard \"" + reason.replace('"', '\'') + "\"");
        return ParseResult.reject(response, reason);
    }

    private static String firstLine(byte[] head) {
        int i = 0;
        while (i < head.length && head[i] != '\r' && head[i] != '\n') {
            i++;
        }
        return new String(head, 0, i, StandardCharsets.UTF_8);
    }

    /** The header name of a failing header line ("Contact: <<<>>" names Contact). */
    static String headerName(String headerText) {
        int colon = headerText.indexOf(':');
        String name = (colon < 0 ? headerText : headerText.substring(0, colon)).trim();
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < name.length() && safe.length() < 40; i++) {
            char c = name.charAt(i);
            if (c > 32 && c < 127 && c != '"') {
                safe.append(c);
            }
        }
        return safe.length() == 0 ? "unnamed" : safe.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    private static final class Failure {
        String headerText;
        String detail;
    }
}
