package io.switchboard.sip.codec;

/**
 * What the parser made of one framed message: a message to process, a 400/505/513 to send back (the message was
 * broken but a response could be formed), or a drop with its reason (nothing could be answered).
 */
public final class ParseResult {
    /** The three outcomes of parsing. */
    public enum Kind { MESSAGE, REJECT, DROP, KEEPALIVE }

    private final Kind kind;
    private final SipMessage message;
    private final String problem;

    private ParseResult(Kind kind, SipMessage message, String problem) {
        this.kind = kind;
        this.message = message;
        this.problem = problem;
    }

    static ParseResult message(SipMessage message) {
        return new ParseResult(Kind.MESSAGE, message, null);
    }

    static ParseResult reject(SipMessage response, String problem) {
        return new ParseResult(Kind.REJECT, response, problem);
    }

    static ParseResult drop(String problem) {
        return new ParseResult(Kind.DROP, null, problem);
    }

    static ParseResult keepalive() {
        return new ParseResult(Kind.KEEPALIVE, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The parsed message for MESSAGE, the response to send (400, 505, 513) for REJECT, null otherwise. */
    public SipMessage message() {
        return message;
    }

    /** Why the message was rejected or dropped; names the bad header when one was at fault. */
    public String problem() {
        return problem;
    }

    @Override
    public String toString() {
        return kind + (problem == null ? "" : ": " + problem);
    }
}
