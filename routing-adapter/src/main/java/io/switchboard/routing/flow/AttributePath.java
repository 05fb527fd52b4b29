package io.switchboard.routing.flow;

import io.switchboard.routing.contact.Contact;
import java.util.List;
import java.util.Optional;

/**
 * A reference to contact data in the flow language's JSONPath subset ({@code $.Attributes.x},
 * {@code $.External.x}, {@code $.Queue.Name}, ...), checked when a flow loads and read from a contact
 * when an action runs.
 */
public final class AttributePath {

    private final String text;
    private final ContactAttributes.Match match;

    private AttributePath(String text, ContactAttributes.Match match) {
        this.text = text;
        this.match = match;
    }

    /** True if {@code value} is meant as a reference (starts with "$." or "$["), known or not. */
    public static boolean looksLikePath(String value) {
        return value != null && (value.startsWith("$.") || value.startsWith("$['") || value.startsWith("$[\""));
    }

    /**
     * Parses a whole reference such as {@code $.Attributes.account}, {@code $.Attributes['my key']} or
     * {@code $['AwsRegion']}, checked against Connect's documented attribute list
     * ({@link ContactAttributes}); the message of the IllegalArgumentException says what is wrong.
     */
    public static AttributePath parse(String text) {
        if (!looksLikePath(text)) {
            throw new IllegalArgumentException("not a reference (must start with $.): " + text);
        }
        List<String> parts = split(text.startsWith("$.") ? text.substring(2) : text.substring(1), text);
        Optional<ContactAttributes.Match> match = ContactAttributes.find(parts);
        if (match.isEmpty()) {
            if (parts.get(0).equals("Attributes") && parts.size() > 2) {
                throw new IllegalArgumentException("contact attributes are flat: " + text);
            }
            if (parts.size() == 1 && List.of("Attributes", "External", "FlowAttributes", "Tags").contains(parts.get(0))) {
                throw new IllegalArgumentException("reference " + text + " names no " + parts.get(0) + " key");
            }
            // Not in Connect's attribute list: most often a typo, so the load names it.
            throw new IllegalArgumentException("unknown reference " + text);
        }
        return new AttributePath(text, match.get());
    }

    /** The documented attribute this reference reads, e.g. {@code Attributes.*}. */
    public String attribute() {
        return match.entry().path();
    }

    private static List<String> split(String body, String whole) {
        java.util.ArrayList<String> parts = new java.util.ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '[') {
                // Bracket form for keys that are not identifiers: ['key with spaces'] or ["key"].
                char quote = i + 1 < body.length() ? body.charAt(i + 1) : 0;
                int close = quote == '\'' || quote == '"' ? body.indexOf(quote + "]", i + 2) : -1;
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed bracket in " + whole);
                }
                parts.add(body.substring(i + 2, close));
                i = close + 2;
                if (i < body.length() && body.charAt(i) == '.') {
                    i++;
                }
            } else {
                int end = i;
                while (end < body.length() && body.charAt(end) != '.' && body.charAt(end) != '[') {
                    end++;
                }
                if (end == i) {
                    throw new IllegalArgumentException("empty segment in " + whole);
                }
                parts.add(body.substring(i, end));
                i = end < body.length() && body.charAt(end) == '.' ? end + 1 : end;
                if (end < body.length() && body.charAt(end) == '.' && i == body.length()) {
                    throw new IllegalArgumentException("trailing dot in " + whole);
                }
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("empty reference " + whole);
        }
        return parts;
    }

    /** The value of this reference on {@code contact}; empty when the contact has none. */
    public Optional<String> read(Contact contact) {
        return Optional.ofNullable(match.read(contact));
    }

    @Override
    public String toString() {
        return text;
    }
}
