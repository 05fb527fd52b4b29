package io.switchboard.sip.codec;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parts of RFC 3261's grammar (section 25.1) that jain-sip-ri lets through, checked on the raw header
 * block before jain-sip parses it. Each check names the header at fault, which becomes the 400's reason phrase.
 * Deliberately not checked: Date (RFC 4475 section 3.1.2.12 asks not to reject on a Date that is not used),
 * and the RFC 2543 forms RFC 3261 section 8.2 still accepts (no Max-Forwards, no branch, no Content-Length on
 * UDP; RFC 4475 section 3.4.1).
 */
final class StrictGrammar {
    /** What is wrong with a message: the status to answer a request with and the reason phrase. */
    record Problem(int status, String reason) {
    }

    /** Section 25.1 token: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~". */
    private static final String TOKEN = "[A-Za-z0-9\\-.!%*_+`'~]+";
    /** Request-Line = Method SP Request-URI SP SIP-Version CRLF; one SP each, and the URI has no SP or angle brackets. */
    private static final Pattern REQUEST_LINE = Pattern.compile(TOKEN + " [^\\s<>]+ (?i:SIP)/\\d+\\.\\d+");
    private static final Pattern VERSION = Pattern.compile("(?i)SIP/(\\d+)\\.(\\d+)");
    /** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF; Status-Code is 3DIGIT (section 25.1). */
    private static final Pattern STATUS_LINE = Pattern.compile("SIP/2\\.0 [1-6]\\d\\d .*", Pattern.DOTALL);
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    /** Headers that occur at most once (section 7.3.1 allows repeating only comma-separable ones, section 20). */
    private static final List<String> SINGLE = List.of("call-id", "cseq", "from", "to", "max-forwards",
            "content-length", "content-type", "expires");
    private static final Pattern DISPLAY_TOKENS = Pattern.compile("(?:" + TOKEN + "(?:[ \\t]+" + TOKEN + ")*)?");

    private StrictGrammar() {
    }

    /** The first problem in a request's header block, or null. */
    static Problem checkRequest(HeaderBlock block) {
        String line = block.startLine();
        if (!REQUEST_LINE.matcher(line).matches()) {
            return new Problem(400, "Bad Request-Line");
        }
        var version = VERSION.matcher(line.substring(line.lastIndexOf(' ') + 1));
        if (!version.matches() || !version.group(1).equals("2") || !version.group(2).equals("0")) {
            return new Problem(505, "Version Not Supported"); // RFC 3261 section 21.5.6: we speak SIP/2.0 only
        }
        String uri = line.substring(line.indexOf(' ') + 1, line.lastIndexOf(' '));
        String scheme = uri.substring(0, Math.max(0, uri.indexOf(':'))).toLowerCase(Locale.ROOT);
        // the user part may hold '?' (section 25.1 user-unreserved); headers start after the host
        int at = uri.indexOf('@');
        if ((scheme.equals("sip") || scheme.equals("sips")) && uri.indexOf('?', Math.max(at, 0)) >= 0) {
            return new Problem(400, "Bad Request-URI: headers not allowed"); // section 19.1.1, table 1
        }
        return checkHeaders(block);
    }

    /** The first problem in a response's start line or headers, or null: such responses are dropped. */
    static Problem checkResponse(HeaderBlock block) {
        if (!STATUS_LINE.matcher(block.startLine()).matches()) {
            return new Problem(0, "Bad Status-Line");
        }
        return checkHeaders(block);
    }

    private static Problem checkHeaders(HeaderBlock block) {
        for (String name : SINGLE) {
            if (block.all(name).size() > 1) {
                // RFC 4475 sections 3.3.8 and 3.3.9: two Content-Lengths frame the message two ways (smuggling)
                return new Problem(400, "Duplicate " + display(name) + " header");
            }
        }
        String cl = block.first("content-length");
        if (cl != null && !DIGITS.matcher(cl).matches()) {
            return new Problem(400, "Bad Content-Length header"); // section 20.14: 1*DIGIT (RFC 4475 3.1.2.3)
        }
        String cseq = block.first("cseq");
        if (cseq != null && !cseqNumberFits(cseq)) {
            return new Problem(400, "Bad CSeq header"); // section 8.1.1.5: less than 2**31
        }
        String mf = block.first("max-forwards");
        if (mf != null && (!DIGITS.matcher(mf).matches() || mf.length() > 5 || Integer.parseInt(mf) > 255)) {
            return new Problem(400, "Bad Max-Forwards header"); // section 20.22: 0 to 255
        }
        String expires = block.first("expires");
        if (expires != null && (!DIGITS.matcher(expires).matches() || expires.length() > 10
                || Long.parseLong(expires) > 0xFFFFFFFFL)) {
            return new Problem(400, "Bad Expires header"); // section 20.19 with RFC 4475 3.1.2.4: 2**32-1 at most
        }
        for (String name : List.of("from", "to")) {
            String value = block.first(name);
            if (value != null && !addressIsWellFormed(value)) {
                return new Problem(400, "Bad " + display(name) + " header");
            }
        }
        for (HeaderBlock.Line contact : block.all("contact")) {
            for (String one : splitList(contact.value())) {
                if (!one.equals("*") && !addressIsWellFormed(one)) {
                    return new Problem(400, "Bad Contact header");
                }
            }
        }
        return null;
    }

    private static boolean cseqNumberFits(String cseq) {
        int end = 0;
        while (end < cseq.length() && Character.isDigit(cseq.charAt(end))) {
            end++;
        }
        return end > 0 && end <= 10 && Long.parseLong(cseq.substring(0, end)) < 0x80000000L;
    }

    /**
     * name-addr / addr-spec (section 20.10 and 25.1): a display name is a quoted string or tokens separated by
     * LWS (so an unquoted "Bell, Alexander" is refused, RFC 4475 3.1.2.15); nothing may sit between the angle
     * brackets and the URI (RFC 4475 3.1.2.14); an addr-spec without brackets may not contain '?' or ','
     * (section 20, RFC 4475 3.1.2.13). Quotes must balance (RFC 4475 3.1.2.6).
     */
    static boolean addressIsWellFormed(String value) {
        int i = 0;
        String display;
        if (value.startsWith("\"")) {
            int close = closingQuote(value);
            if (close < 0) {
                return false;
            }
            i = close + 1;
            display = null;
        } else {
            int lt = value.indexOf('<');
            if (lt < 0) {
                String spec = value.split(";", 2)[0];
                return spec.indexOf('?') < 0 && spec.indexOf(',') < 0 && spec.indexOf('"') < 0;
            }
            display = value.substring(0, lt).strip();
            i = lt;
        }
        if (display != null && !DISPLAY_TOKENS.matcher(display).matches()) {
            return false;
        }
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        if (i >= value.length() || value.charAt(i) != '<') {
            return false;
        }
        int gt = value.indexOf('>', i);
        if (gt < 0) {
            return false;
        }
        String inner = value.substring(i + 1, gt);
        return !inner.isEmpty() && !Character.isWhitespace(inner.charAt(0))
                && !Character.isWhitespace(inner.charAt(inner.length() - 1)) && inner.indexOf('"') < 0;
    }

    /** A comma-separated header value split at the commas outside quoted strings and angle brackets. */
    static List<String> splitList(String value) {
        List<String> out = new java.util.ArrayList<>();
        boolean quoted = false;
        boolean angled = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angled = true;
            } else if (!quoted && c == '>') {
                angled = false;
            } else if (!quoted && !angled && c == ',') {
                out.add(value.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(value.substring(start).strip());
        return out;
    }

    /** The index of the quote closing the quoted string that starts at 0 (quoted-pair aware), or -1. */
    private static int closingQuote(String s) {
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private static String display(String canonical) {
        return switch (canonical) {
            case "call-id" -> "Call-ID";
            case "cseq" -> "CSeq";
            default -> {
                StringBuilder sb = new StringBuilder();
                for (String part : canonical.split("-")) {
                    sb.append(sb.length() == 0 ? "" : "-").append(Character.toUpperCase(part.charAt(0)))
                            .append(part.substring(1));
                }
                yield sb.toString();
            }
        };
    }
}
