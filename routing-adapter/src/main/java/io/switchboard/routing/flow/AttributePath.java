package io.switchboard.routing.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.QueueRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A reference to contact data in the flow language's JSONPath subset ({@code $.Attributes.x},
 * {@code $.External.x}, {@code $.Queue.Name}, ...), checked when a flow loads and read from a contact
 * when an action runs.
 */
public final class AttributePath {

    private static final Set<String> SIMPLE = Set.of("StoredCustomerInput", "Channel", "ContactId",
            "InitialContactId", "PreviousContactId", "InitiationMethod", "TextToSpeechVoiceId",
            "CustomerEndpoint.Address", "CustomerEndpoint.Type", "SystemEndpoint.Address", "SystemEndpoint.Type",
            "Queue.Name", "Queue.ARN", "CustomerCallbackNumber");
    private static final Set<String> METRICS = Set.of("Queue.Size", "Queue.OldestContactAge", "Agents.Online.Count",
            "Agents.Available.Count", "Agents.Staffed.Count", "Agents.AfterContactWork.Count", "Agents.Busy.Count",
            "Agents.Missed.Count", "Agents.NonProductive.Count");

    private final String text;
    private final String root;
    private final List<String> segments;

    private AttributePath(String text, String root, List<String> segments) {
        this.text = text;
        this.root = root;
        this.segments = segments;
    }

    /** True if {@code value} is meant as a reference (starts with "$."), known or not. */
    public static boolean looksLikePath(String value) {
        return value != null && value.startsWith("$.");
    }

    /**
     * Parses a whole reference such as {@code $.Attributes.account} or {@code $.Attributes['my key']};
     * the message of the IllegalArgumentException says what is wrong.
     */
    public static AttributePath parse(String text) {
        if (!looksLikePath(text)) {
            throw new IllegalArgumentException("not a reference (must start with $.): " + text);
        }
        List<String> parts = split(text.substring(2), text);
        String first = parts.get(0);
        List<String> rest = parts.subList(1, parts.size());
        String joined = String.join(".", parts);
        switch (first) {
            case "Attributes", "External" -> {
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("reference " + text + " names no " + first + " key");
                }
                if (first.equals("Attributes") && rest.size() > 1) {
                    throw new IllegalArgumentException("contact attributes are flat: " + text);
                }
                return new AttributePath(text, first, List.copyOf(rest));
            }
            case "Metrics" -> {
                String metric = String.join(".", rest);
                if (!METRICS.contains(metric)) {
                    throw new IllegalArgumentException("unknown queue metric " + text);
                }
                return new AttributePath(text, first, List.of(metric));
            }
            default -> {
                if (!SIMPLE.contains(joined)) {
                    throw new IllegalArgumentException("unknown reference " + text);
                }
                return new AttributePath(text, joined, List.of());
            }
        }
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
        return Optional.ofNullable(readOrNull(contact));
    }

    private String readOrNull(Contact contact) {
        switch (root) {
            case "Attributes":
                return contact.attributes().get(segments.get(0));
            case "External": {
                JsonNode node = contact.external();
                for (String segment : segments) {
                    node = node == null ? null : node.get(segment);
                }
                if (node == null || node.isNull() || node.isMissingNode()) {
                    return null;
                }
                return node.isValueNode() ? node.asText() : node.toString();
            }
            case "Metrics":
                return contact.metrics().map(m -> m.byPath().get(segments.get(0))).orElse(null);
            case "StoredCustomerInput":
                return contact.storedCustomerInput().orElse(null);
            case "Channel":
                return contact.channel().name();
            case "ContactId":
                return contact.id().toString();
            case "InitialContactId":
                return contact.initialContactId().toString();
            case "PreviousContactId":
                return contact.previousContactId().map(Object::toString).orElse(null);
            case "InitiationMethod":
                return contact.initiationMethod().name();
            case "TextToSpeechVoiceId":
                return contact.textToSpeechVoice();
            case "CustomerEndpoint.Address":
                return contact.customerEndpoint().address();
            case "CustomerEndpoint.Type":
                return contact.customerEndpoint().type();
            case "SystemEndpoint.Address":
                return contact.systemEndpoint().address();
            case "SystemEndpoint.Type":
                return contact.systemEndpoint().type();
            case "Queue.Name":
                return contact.queue().map(QueueRef::name).orElse(null);
            case "Queue.ARN":
                return contact.queue().map(QueueRef::arn).orElse(null);
            case "CustomerCallbackNumber":
                return contact.callbackNumber();
            default:
                throw new IllegalStateException(root);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
