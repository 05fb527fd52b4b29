package io.switchboard.routing.flow;

import io.switchboard.routing.contact.Contact;
import java.util.ArrayList;
import java.util.List;

/**
 * Text with embedded references ("Hello $.Attributes.name, your balance is $.External.balance."),
 * parsed once when the flow loads. A reference ends at the first character that cannot continue it; a
 * trailing dot is punctuation. "$." not followed by a letter is literal text (prices, "$.50"); the
 * bracket form {@code $['AwsRegion']} is a reference too.
 */
public final class TextTemplate {

    private final String source;
    private final List<Object> parts;

    private TextTemplate(String source, List<Object> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** Parses {@code text}; IllegalArgumentException names the first bad reference. */
    public static TextTemplate parse(String text) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = nextReference(text, i);
            if (start < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, start);
            int end = text.charAt(start + 1) == '[' ? scan(text, start + 1) : scan(text, start + 2);
            while (end > start + 2 && text.charAt(end - 1) == '.') {
                end--;
            }
            if (literal.length() > 0) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            parts.add(AttributePath.parse(text.substring(start, end)));
            i = end;
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        return new TextTemplate(text, List.copyOf(parts));
    }

    /** Where the next reference starts: "$." and a letter, or the bracket form "$['" / "$[\"". */
    private static int nextReference(String text, int from) {
        for (int i = text.indexOf('$', from); i >= 0 && i + 2 < text.length(); i = text.indexOf('$', i + 1)) {
            char next = text.charAt(i + 1);
            char after = text.charAt(i + 2);
            if ((next == '.' && Character.isLetter(after)) || (next == '[' && (after == '\'' || after == '"'))) {
                return i;
            }
        }
        return -1;
    }

    private static int scan(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.') {
                i++;
            } else if (c == '[' && i + 1 < text.length() && (text.charAt(i + 1) == '\'' || text.charAt(i + 1) == '"')) {
                int close = text.indexOf(text.charAt(i + 1) + "]", i + 2);
                if (close < 0) {
                    return text.length();
                }
                i = close + 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** True when the text has no references, so it can be used as is. */
    public boolean isStatic() {
        return parts.stream().noneMatch(p -> p instanceof AttributePath);
    }

    /** The text with each reference replaced by its value on {@code contact}; absent values read as "". */
    public String render(Contact contact) {
        if (parts.size() == 1 && parts.get(0) instanceof String s) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof AttributePath path) {
                out.append(path.read(contact).orElse(""));
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
