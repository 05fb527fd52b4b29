package io.switchboard.sip.codec;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * Builds the requests the edge originates (BYE, ACK, CANCEL, OPTIONS, INVITE) from their parts, and the
 * random tags, branches and Call-IDs RFC 3261 asks for. Requests are written as text and read back through
 * {@link SipParser}, so what we send is exactly what we would accept.
 */
public final class SipMessages {
    /** RFC 3261 section 8.1.1.7: branches start with this magic cookie. */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SipParser PARSER = new SipParser(Integer.MAX_VALUE);

    private SipMessages() {
    }

    /** A random token of {@code length} lowercase letters and digits (about 5.2 bits each). */
    public static String token(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    public static String newBranch() {
        return MAGIC_COOKIE + token(16);
    }

    /** RFC 3261 section 19.3: at least 32 bits of randomness. */
    public static String newTag() {
        return token(10);
    }

    public static String newCallId(String host) {
        return token(20) + "@" + host;
    }

    /** The parts of a request the edge sends; {@code routes} are Route values top to bottom. */
    public record RequestParts(String method, String requestUri, String via, String from, String to,
                               String callId, long cseq, String contact, List<String> routes,
                               List<String[]> extraHeaders, String contentType, String body) {
    }

    /** Writes and parses a request; a failure here is our bug, so it throws IllegalArgumentException. */
    public static SipMessage request(RequestParts p) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(p.method()).append(' ').append(p.requestUri()).append(" SIP/2.0\r\n");
        sb.append("Via: ").append(p.via()).append("\r\n");
        sb.append("Max-Forwards: 70\r\n");
        for (String route : p.routes()) {
            sb.append("Route: ").append(route).append("\r\n");
        }
        sb.append("From: ").append(p.from()).append("\r\n");
        sb.append("To: ").append(p.to()).append("\r\n");
        sb.append("Call-ID: ").append(p.callId()).append("\r\n");
        sb.append("CSeq: ").append(p.cseq()).append(' ').append(p.method()).append("\r\n");
        if (p.contact() != null) {
            sb.append("Contact: ").append(p.contact()).append("\r\n");
        }
        for (String[] h : p.extraHeaders()) {
            sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        byte[] body = p.body() == null ? new byte[0] : p.body().getBytes(StandardCharsets.UTF_8);
        if (body.length > 0) {
            sb.append("Content-Type: ").append(p.contentType()).append("\r\n");
        }
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        ParseResult result = PARSER.parse(all, all.length);
        if (result.kind() != ParseResult.Kind.MESSAGE) {
            throw new IllegalArgumentException("built an unparseable " + p.method() + ": " + result.problem());
        }
        return result.message();
    }

    /** Parses a message we trust (tests, templates); throws IllegalArgumentException when it does not parse. */
    public static SipMessage parseTrusted(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ParseResult result = PARSER.parse(bytes, bytes.length);
        if (result.kind() != ParseResult.Kind.MESSAGE) {
            throw new IllegalArgumentException("does not parse: " + result.problem());
        }
        return result.message();
    }
}
