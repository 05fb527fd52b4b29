package io.switchboard.sip.codec;

/**
 * Byte-level helpers to find message boundaries without parsing (RFC 3261 section 18.3: on streams the
 * Content-Length header marks where a message ends). Works on raw arrays so transports can frame cheaply.
 */
public final class SipFraming {
    private SipFraming() {
    }

    /** The first index at or after {@code from} that is not CR or LF. */
    public static int skipLeadingCrlf(byte[] b, int from, int to) {
        int i = from;
        while (i < to && (b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** The index just past the blank line ending the headers (CRLFCRLF, or bare LFLF), or -1. */
    public static int headerEnd(byte[] b, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (b[i] == '\n') {
                if (b[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** {@link #contentLength}: the header is present but not a number (negative, say) or out of int range. */
    public static final int UNREADABLE = -2;
    /** {@link #contentLength}: the header occurs twice, so the message has two framings (RFC 4475 3.3.9). */
    public static final int DUPLICATED = -3;

    /**
     * The Content-Length value declared in a header block (long form or compact "l", any case), -1 when
     * absent, {@link #UNREADABLE} or {@link #DUPLICATED} when it cannot frame the message.
     */
    public static int contentLength(byte[] b, int from, int to) {
        int found = -1;
        int lineStart = from;
        while (lineStart < to) {
            int lineEnd = lineStart;
            while (lineEnd < to && b[lineEnd] != '\n') {
                lineEnd++;
            }
            int value = valueIfContentLength(b, lineStart, lineEnd);
            if (value != -1) {
                if (found != -1) {
                    return DUPLICATED;
                }
                found = value;
            }
            lineStart = lineEnd + 1;
        }
        return found;
    }

    private static int valueIfContentLength(byte[] b, int start, int end) {
        int colon = -1;
        for (int i = start; i < end; i++) {
            if (b[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            return -1;
        }
        int nameEnd = colon;
        while (nameEnd > start && (b[nameEnd - 1] == ' ' || b[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        if (!nameIs(b, start, nameEnd, "content-length") && !nameIs(b, start, nameEnd, "l")) {
            return -1;
        }
        long value = 0;
        int digits = 0;
        for (int i = colon + 1; i < end; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                digits++;
                if (value > Integer.MAX_VALUE) {
                    return -2;
                }
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return -2;
            }
        }
        return digits == 0 ? -2 : (int) value;
    }

    private static boolean nameIs(byte[] b, int start, int end, String lower) {
        if (end - start != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            if (Character.toLowerCase((char) b[start + i]) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
