package io.switchboard.sip.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The start line and unfolded header lines of one message, read straight from its bytes (ISO-8859-1, so
 * every byte maps to one char) before jain-sip sees them. Our own grammar checks and the responses we build
 * for messages jain-sip cannot represent work on this view. RFC 3261 section 7.3.1: a line starting with
 * SP or HTAB continues the previous one.
 */
final class HeaderBlock {
    /** One header line: the name as sent (trimmed), its canonical long form in lower case, the unfolded value. */
    record Line(String name, String canonical, String value) {
        /** The line as it could be sent again: "Name: value". */
        String text() {
            return name + ": " + value;
        }
    }

    private final String startLine;
    private final List<Line> lines;

    private HeaderBlock(String startLine, List<Line> lines) {
        this.startLine = startLine;
        this.lines = lines;
    }

    /** Reads {@code bytes[from..to)}, the header block without its blank line (or all of it, if unterminated). */
    static HeaderBlock read(byte[] bytes, int from, int to) {
        String text = new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        String[] raw = text.split("\r?\n", -1);
        List<StringBuilder> joined = new ArrayList<>();
        for (int i = 1; i < raw.length; i++) {
            String l = raw[i];
            if (l.isEmpty()) {
                break; // the blank line ending the headers
            }
            if ((l.charAt(0) == ' ' || l.charAt(0) == '\t') && !joined.isEmpty()) {
                joined.get(joined.size() - 1).append(' ').append(l.strip());
            } else {
                joined.add(new StringBuilder(l));
            }
        }
        List<Line> lines = new ArrayList<>(joined.size());
        for (StringBuilder sb : joined) {
            String l = sb.toString();
            int colon = l.indexOf(':');
            if (colon < 0) {
                lines.add(new Line(l.strip(), "", ""));
                continue;
            }
            String name = l.substring(0, colon).strip();
            lines.add(new Line(name, canonical(name), l.substring(colon + 1).strip()));
        }
        return new HeaderBlock(raw.length == 0 ? "" : raw[0], lines);
    }

    /** The first line exactly as sent, without its line end. */
    String startLine() {
        return startLine;
    }

    List<Line> lines() {
        return lines;
    }

    /** Every line of a header (long or compact name), in message order. */
    List<Line> all(String canonicalName) {
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
            if (l.canonical().equals(canonicalName)) {
                out.add(l);
            }
        }
        return out;
    }

    /** The first value of a header, or null. */
    String first(String canonicalName) {
        for (Line l : lines) {
            if (l.canonical().equals(canonicalName)) {
                return l.value();
            }
        }
        return null;
    }

    /** RFC 3261 section 7.3.3 compact forms, and the long names in lower case. */
    static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "i" -> "call-id";
            case "m" -> "contact";
            case "e" -> "content-encoding";
            case "l" -> "content-length";
            case "c" -> "content-type";
            case "f" -> "from";
            case "s" -> "subject";
            case "k" -> "supported";
            case "t" -> "to";
            case "v" -> "via";
            default -> n;
        };
    }
}
