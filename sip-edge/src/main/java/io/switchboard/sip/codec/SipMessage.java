package io.switchboard.sip.codec;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.Header;

/**
 * A parsed SIP request or response. Wraps jain-sip-ri's message so that its types never leave the codec
 * package; the layers above read and edit messages only through these methods. Not thread-safe: a message
 * belongs to the thread that handles it.
 */
public final class SipMessage {
    private final SIPMessage raw;

    SipMessage(SIPMessage raw) {
        this.raw = raw;
    }

    SIPMessage raw() {
        return raw;
    }

    public boolean isRequest() {
        return raw instanceof SIPRequest;
    }

    /** The request method, or for a response the method of its CSeq. */
    public String method() {
        return raw instanceof SIPRequest r ? r.getMethod() : raw.getCSeq().getMethod();
    }

    public int statusCode() {
        return raw instanceof SIPResponse r ? r.getStatusCode() : 0;
    }

    public String reasonPhrase() {
        return raw instanceof SIPResponse r ? r.getReasonPhrase() : null;
    }

    public String requestUri() {
        return raw instanceof SIPRequest r ? r.getRequestURI().toString() : null;
    }

    /** The user part of the Request-URI (the called number for a trunk INVITE), or null. */
    public String requestUriUser() {
        return raw instanceof SIPRequest r ? userOf(r.getRequestURI()) : null;
    }

    public String callId() {
        return raw.getCallId().getCallId();
    }

    public long cseq() {
        return raw.getCSeq().getSeqNumber();
    }

    public String cseqMethod() {
        return raw.getCSeq().getMethod();
    }

    public int viaCount() {
        return raw.getViaHeaders() == null ? 0 : raw.getViaHeaders().size();
    }

    public String viaBranch() {
        return topVia().getBranch();
    }

    /** The top Via's sent-by as host[:port], the transaction key part of RFC 3261 section 17.2.3. */
    public String viaSentBy() {
        return topVia().getSentBy().encode();
    }

    public String viaHost() {
        return topVia().getHost();
    }

    /** The top Via's port, or -1 when absent. */
    public int viaPort() {
        return topVia().getPort();
    }

    public String viaTransport() {
        return topVia().getTransport();
    }

    public String viaReceived() {
        return topVia().getReceived();
    }

    /** True when the top Via carries an rport parameter (RFC 3581), with or without a value. */
    public boolean viaHasRport() {
        return topVia().hasParameter("rport");
    }

    /** The rport value (RFC 3581), or -1 when absent or empty. */
    public int viaRport() {
        return topVia().getRPort();
    }

    /**
     * Stamps the top Via as RFC 3261 section 18.2.1 and RFC 3581 section 4 ask: received when the source
     * differs from sent-by (always when rport was requested), and rport filled with the source port.
     */
    public void stampVia(String sourceIp, int sourcePort) {
        Via via = topVia();
        try {
            boolean rport = via.hasParameter("rport");
            if (rport || !sourceIp.equals(via.getHost())) {
                via.setReceived(sourceIp);
            }
            if (rport) {
                via.setParameter("rport", Integer.toString(sourcePort));
            }
        } catch (ParseException e) {
            // the source address came from the socket, so it always parses; keep the Via as it was
        }
    }

    public String fromTag() {
        return raw.getFrom().getTag();
    }

    public String toTag() {
        return raw.getTo().getTag();
    }

    public String fromUri() {
        return raw.getFrom().getAddress().getURI().toString();
    }

    public String fromUser() {
        return userOf(raw.getFrom().getAddress().getURI());
    }

    public String fromDisplayName() {
        return raw.getFrom().getAddress().getDisplayName();
    }

    public String toUri() {
        return raw.getTo().getAddress().getURI().toString();
    }

    /** The full From header value (name-addr with tag), as dialogs keep it. */
    public String fromValue() {
        return valueOf(raw.getFrom());
    }

    public String toValue() {
        return valueOf(raw.getTo());
    }

    /** The first Contact's URI, or null. */
    public String contactUri() {
        var contact = raw.getContactHeader();
        return contact == null || contact.getAddress() == null ? null : contact.getAddress().getURI().toString();
    }

    /** Record-Route values top to bottom (RFC 3261 section 12.1.1 takes them in this order for the UAS). */
    public List<String> recordRoutes() {
        return headers("Record-Route");
    }

    /** The first value of a header by name (compact forms accepted), or null. */
    public String header(String name) {
        Header h = raw.getHeader(name);
        return h == null ? null : valueOf(h);
    }

    /** Every value of a header by name, in message order; comma-joined lists are split. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        ListIterator<SIPHeader> it = raw.getHeaders(name);
        while (it != null && it.hasNext()) {
            SIPHeader h = it.next();
            if (h instanceof gov.nist.javax.sip.header.SIPHeaderList<?> list) {
                for (Object item : list) {
                    values.add(valueOf((Header) item));
                }
            } else {
                values.add(valueOf(h));
            }
        }
        return values;
    }

    /** Every header name present, in message order (for limits and tests). */
    public int headerCount() {
        int n = 0;
        Iterator<SIPHeader> it = raw.getHeaders();
        while (it.hasNext()) {
            SIPHeader h = it.next();
            n += h instanceof gov.nist.javax.sip.header.SIPHeaderList<?> list ? list.size() : 1;
        }
        return n;
    }

    /** Replaces every header of this name with one value parsed by jain-sip's header factory. */
    public SipMessage setHeader(String name, String value) {
        raw.setHeader(parseHeader(name, value));
        return this;
    }

    /** Appends one header value after any existing ones of the same name. */
    public SipMessage addHeader(String name, String value) {
        raw.addHeader(parseHeader(name, value));
        return this;
    }

    public SipMessage removeHeader(String name) {
        raw.removeHeader(name);
        return this;
    }

    public SipMessage setToTag(String tag) {
        try {
            raw.getTo().setTag(tag);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad tag " + tag, e);
        }
        return this;
    }

    /** The body bytes (empty when none). */
    public byte[] body() {
        byte[] b = raw.getRawContent();
        return b == null ? new byte[0] : b;
    }

    /** The body as text (SDP is UTF-8 per RFC 4566), or null when there is none. */
    public String bodyText() {
        byte[] b = raw.getRawContent();
        return b == null || b.length == 0 ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** The Content-Type as type/subtype, or null. */
    public String contentType() {
        var ct = raw.getContentTypeHeader();
        return ct == null ? null : ct.getContentType() + "/" + ct.getContentSubType();
    }

    /** Sets the body and its Content-Type ("application/sdp"); Content-Length follows. */
    public SipMessage setBody(String contentType, String body) {
        int slash = contentType.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("content type needs type/subtype: " + contentType);
        }
        raw.setMessageContent(contentType.substring(0, slash), contentType.substring(slash + 1),
                body.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public SipMessage removeBody() {
        raw.removeContent();
        return this;
    }

    /**
     * A response to this request as RFC 3261 section 8.2.6.2 builds it: Via, From, To, Call-ID and CSeq
     * copied, status line set; the caller adds a To tag where a dialog needs one.
     */
    public SipMessage createResponse(int code, String reason) {
        if (!(raw instanceof SIPRequest request)) {
            throw new IllegalStateException("not a request");
        }
        SIPResponse response = reason == null ? request.createResponse(code) : request.createResponse(code, reason);
        // jain-sip copies Record-Route and the body-less Content-Length; drop a copied body type header
        response.removeContent();
        return new SipMessage(response);
    }

    /**
     * The ACK a client transaction sends for a non-2xx final response to this INVITE (RFC 3261 section
     * 17.1.1.3): same Request-URI, Call-ID, From, CSeq number and top Via, the To of the response, the
     * INVITE's Route headers.
     */
    public SipMessage createAckForNon2xx(SipMessage response) {
        if (!(raw instanceof SIPRequest request)) {
            throw new IllegalStateException("not a request");
        }
        SIPRequest ack = request.createAckRequest((gov.nist.javax.sip.header.To) response.raw.getTo());
        ack.removeContent();
        return new SipMessage(ack);
    }

    /**
     * The CANCEL for this INVITE (RFC 3261 section 9.1): same Request-URI, Call-ID, To, From, CSeq number,
     * top Via (so it reaches the same server transaction) and Route headers.
     */
    public SipMessage createCancel() {
        if (!(raw instanceof SIPRequest request)) {
            throw new IllegalStateException("not a request");
        }
        try {
            SIPRequest cancel = request.createCancelRequest();
            cancel.removeContent();
            return new SipMessage(cancel);
        } catch (javax.sip.SipException e) {
            throw new IllegalStateException("cannot CANCEL " + request.getMethod(), e);
        }
    }

    public SipMessage copy() {
        return new SipMessage((SIPMessage) raw.clone());
    }

    /** The wire form, UTF-8 headers followed by the body bytes. */
    public byte[] encode() {
        // jain-sip rewrites the top Via's transport to the argument, so hand it the transport already there
        Via via = raw.getTopmostVia();
        return raw.encodeAsBytes(via == null ? "UDP" : via.getTransport());
    }

    @Override
    public String toString() {
        return raw.encode();
    }

    private Via topVia() {
        return raw.getTopmostVia();
    }

    /** Parses "Name: value" with jain-sip's header parser, which yields a header list for list-valued names. */
    private static SIPHeader parseHeader(String name, String value) {
        try {
            return StringMsgParser.parseSIPHeader(name + ": " + value + "\r\n");
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad " + name + " header value: " + value, e);
        }
    }

    private static String userOf(URI uri) {
        if (uri instanceof SipURI sip) {
            return sip.getUser();
        }
        if (uri != null && "tel".equalsIgnoreCase(uri.getScheme())) {
            String s = uri.toString();
            int semi = s.indexOf(';');
            return s.substring(4, semi < 0 ? s.length() : semi);
        }
        return null;
    }

    private static String valueOf(Header h) {
        if (h instanceof SIPHeader sh) {
            return sh.getHeaderValue();
        }
        String encoded = h.toString();
        int colon = encoded.indexOf(':');
        return encoded.substring(colon + 1).trim();
    }
}
