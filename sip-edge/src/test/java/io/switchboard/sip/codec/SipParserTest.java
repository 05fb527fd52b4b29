package io.switchboard.sip.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipParserTest {
    private static final String HEAD = "INVITE sip:+15551230001@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKabc;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: \"Alice\" <sip:+15557654321@10.0.0.1>;tag=f1\r\n"
            + "To: <sip:+15551230001@127.0.0.1>\r\n"
            + "Call-ID: call-1@10.0.0.1\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:alice@10.0.0.1:5060>\r\n";

    private final SipParser parser = new SipParser(100);

    private ParseResult parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, b.length);
    }

    @Test
    void parsesValidInviteWithBody() {
        String sdp = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
        ParseResult r = parse(HEAD + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp);
        assertEquals(ParseResult.Kind.MESSAGE, r.kind());
        SipMessage m = r.message();
        assertEquals("INVITE", m.method());
        assertEquals("+15551230001", m.requestUriUser());
        assertEquals("+15557654321", m.fromUser());
        assertEquals("Alice", m.fromDisplayName());
        assertEquals("f1", m.fromTag());
        assertNull(m.toTag());
        assertEquals("z9hG4bKabc", m.viaBranch());
        assertTrue(m.viaHasRport());
        assertEquals(sdp, m.bodyText());
        assertEquals("application/sdp", m.contentType());
    }

    @Test
    void compactFormsAndFoldedHeadersParse() {
        ParseResult r = parse("OPTIONS sip:edge SIP/2.0\r\nv: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"
                + "f: <sip:a@b>;tag=1\r\nt: <sip:c@d>\r\ni: x\r\nCSeq: 7 OPTIONS\r\nSubject: one\r\n  two\r\nl: 0\r\n\r\n");
        assertEquals(ParseResult.Kind.MESSAGE, r.kind());
        assertEquals("x", r.message().callId());
        assertEquals("one two", r.message().header("Subject"));
    }

    @Test
    void badContactIsRejectedWith400NamingTheHeader() {
        ParseResult r = parse(HEAD.replace("Contact: <sip:alice@10.0.0.1:5060>", "Contact: <<<>>") + "Content-Length: 0\r\n\r\n");
        assertEquals(ParseResult.Kind.REJECT, r.kind());
        assertEquals(400, r.message().statusCode());
        assertEquals("Bad Contact header", r.message().reasonPhrase());
        assertTrue(r.message().header("Warning").contains("Bad Contact header"));
        assertEquals("call-1@10.0.0.1", r.message().callId());
    }

    /** RFC 4475 section 3.1.2.4: a request with a usable Via is answered 400, even when its CSeq is unreadable. */
    @Test
    void badCseqIsAnswered400OnItsVia() {
        ParseResult r = parse(HEAD.replace("CSeq: 1 INVITE", "CSeq: abc INVITE") + "Content-Length: 0\r\n\r\n");
        assertEquals(ParseResult.Kind.REJECT, r.kind());
        assertTrue(r.problem().contains("CSeq"), r.problem());
        assertEquals(400, r.message().statusCode());
        assertEquals("z9hG4bKabc", r.message().viaBranch());
        assertEquals("call-1@10.0.0.1", r.message().callId());
    }

    /** RFC 4475 section 3.3.1: missing required headers are answered 400 naming the first one missing. */
    @Test
    void missingCallIdIsAnswered400NamingIt() {
        ParseResult r = parse(HEAD.replace("Call-ID: call-1@10.0.0.1\r\n", "") + "Content-Length: 0\r\n\r\n");
        assertEquals(ParseResult.Kind.REJECT, r.kind());
        assertTrue(r.problem().contains("Missing Call-ID"), r.problem());
        assertEquals("Missing Call-ID header", r.message().reasonPhrase());
    }

    @Test
    void missingViaCannotBeAnsweredSoIsDropped() {
        ParseResult r = parse(HEAD.replace("Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKabc;rport\r\n", "")
                + "Content-Length: 0\r\n\r\n");
        assertEquals(ParseResult.Kind.DROP, r.kind());
        assertTrue(r.problem().contains("Via"), r.problem());
    }

    @Test
    void garbageStartLineIsDropped() {
        ParseResult r = parse("GARBAGE\r\n\r\n");
        assertEquals(ParseResult.Kind.DROP, r.kind());
    }

    @Test
    void shortBodyIs400AndLongBodyIsTruncated() {
        ParseResult shortBody = parse(HEAD + "Content-Length: 10\r\n\r\nabc");
        assertEquals(ParseResult.Kind.REJECT, shortBody.kind());
        assertEquals("Content-Length larger than message body", shortBody.message().reasonPhrase());
        ParseResult longBody = parse(HEAD + "Content-Type: text/plain\r\nContent-Length: 3\r\n\r\nabcdef");
        assertEquals(ParseResult.Kind.MESSAGE, longBody.kind());
        assertEquals("abc", longBody.message().bodyText());
    }

    @Test
    void cseqMethodMismatchIs400() {
        ParseResult r = parse(HEAD.replace("CSeq: 1 INVITE", "CSeq: 1 BYE") + "Content-Length: 0\r\n\r\n");
        assertEquals(ParseResult.Kind.REJECT, r.kind());
    }

    @Test
    void brokenAckIsNeverAnswered() {
        String ack = HEAD.replace("INVITE sip", "ACK sip").replace("CSeq: 1 INVITE", "CSeq: 1 ACK")
                .replace("Contact: <sip:alice@10.0.0.1:5060>", "Contact: <<<>>");
        assertEquals(ParseResult.Kind.DROP, parse(ack + "Content-Length: 0\r\n\r\n").kind());
    }

    @Test
    void tooManyHeadersIs400() {
        StringBuilder sb = new StringBuilder(HEAD);
        for (int i = 0; i < 120; i++) {
            sb.append("X-H").append(i).append(": v\r\n");
        }
        ParseResult r = parse(sb + "Content-Length: 0\r\n\r\n");
        assertEquals(ParseResult.Kind.REJECT, r.kind());
        assertEquals("Too many headers", r.message().reasonPhrase());
    }

    @Test
    void crlfAloneIsKeepalive() {
        assertEquals(ParseResult.Kind.KEEPALIVE, parse("\r\n\r\n").kind());
    }

    @Test
    void nonUtf8BytesNeverThrow() {
        byte[] b = (HEAD + "Subject: \u00ff\u00fe\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        b[HEAD.length() + 9] = (byte) 0xC3;
        ParseResult r = parser.parse(b, b.length);
        assertTrue(r.kind() == ParseResult.Kind.MESSAGE || r.kind() == ParseResult.Kind.REJECT, r.toString());
    }

    @Test
    void responseCopiesDialogHeadersAndStampsVia() {
        SipMessage invite = parse(HEAD + "Content-Length: 0\r\n\r\n").message();
        invite.stampVia("192.0.2.7", 40000);
        SipMessage ok = invite.createResponse(200, null).setToTag("t9");
        assertEquals(200, ok.statusCode());
        assertEquals("t9", ok.toTag());
        assertEquals("192.0.2.7", ok.viaReceived());
        assertEquals(40000, ok.viaRport());
        assertEquals("INVITE", ok.method());
    }

    @Test
    void listHeadersCanBeSetAndReplaced() {
        SipMessage ok = parse(HEAD + "Content-Length: 0\r\n\r\n").message().createResponse(200, null);
        ok.setHeader("Allow", "INVITE, ACK");
        ok.setHeader("Allow", "INVITE, ACK, BYE");
        assertEquals(java.util.List.of("INVITE", "ACK", "BYE"), ok.headers("Allow"));
        ok.setHeader("Contact", "<sip:edge@127.0.0.1:5060>");
        assertEquals("sip:edge@127.0.0.1:5060", ok.contactUri());
        SipMessage reparsed = parse(ok.toString()).message();
        assertEquals(3, reparsed.headers("Allow").size());
    }
}
