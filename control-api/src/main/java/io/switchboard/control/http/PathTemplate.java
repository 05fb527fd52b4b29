package io.switchboard.control.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A route's path with named parameters: {@code /api/contacts/{contactId}} binds one whole segment,
 * {@code /ccp/{file*}} (last segment only) binds the rest of the path, zero or more segments, joined with
 * {@code /}. Segments compare after percent-decoding, each on its own, so an encoded {@code %2F} stays
 * inside its segment.
 */
public final class PathTemplate implements Comparable<PathTemplate> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private enum Kind { LITERAL, PARAM, TAIL }

    private record Segment(Kind kind, String text) {
    }

    private final String text;
    private final List<Segment> segments;

    private PathTemplate(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** Parses {@code template}; throws IllegalArgumentException naming the mistake. */
    public static PathTemplate parse(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("a path template starts with /: " + template);
        }
        List<Segment> segments = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String[] parts = template.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("{") && part.endsWith("}")) {
                boolean tail = part.endsWith("*}");
                String name = part.substring(1, part.length() - (tail ? 2 : 1));
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("bad parameter name {" + name + "} in " + template);
                }
                if (!names.add(name)) {
                    throw new IllegalArgumentException("parameter {" + name + "} twice in " + template);
                }
                if (tail && i != parts.length - 1) {
                    throw new IllegalArgumentException("{" + name + "*} must be the last segment of " + template);
                }
                segments.add(new Segment(tail ? Kind.TAIL : Kind.PARAM, name));
            } else if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
                throw new IllegalArgumentException("a parameter takes a whole segment: " + template);
            } else {
                segments.add(new Segment(Kind.LITERAL, part));
            }
        }
        return new PathTemplate(template, List.copyOf(segments));
    }

    /** The template's parameter values for the decoded {@code path} segments, or empty when it does not match. */
    public Optional<Map<String, String>> match(List<String> path) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (segment.kind() == Kind.TAIL) {
                params.put(segment.text(), String.join("/", path.subList(Math.min(i, path.size()), path.size())));
                return Optional.of(params);
            }
            if (i >= path.size()) {
                return Optional.empty();
            }
            String value = path.get(i);
            if (segment.kind() == Kind.LITERAL) {
                if (!segment.text().equals(value)) {
                    return Optional.empty();
                }
            } else if (value.isEmpty()) {
                // A parameter binds a non-empty segment: /api/contacts/ is not a contact.
                return Optional.empty();
            } else {
                params.put(segment.text(), value);
            }
        }
        return path.size() == segments.size() ? Optional.of(params) : Optional.empty();
    }

    /**
     * The template with its parameter names blanked: two templates of the same shape match the same paths,
     * so registering both is a mistake.
     */
    public String shape() {
        StringBuilder out = new StringBuilder();
        for (Segment segment : segments) {
            out.append('/').append(switch (segment.kind()) {
                case LITERAL -> segment.text();
                case PARAM -> "{}";
                case TAIL -> "{*}";
            });
        }
        return out.toString();
    }

    /**
     * More specific templates sort first: segment by segment a literal beats a parameter, which beats a tail;
     * then the longer template. {@code /api/contacts/current} wins over {@code /api/contacts/{contactId}}.
     */
    @Override
    public int compareTo(PathTemplate other) {
        int common = Math.min(segments.size(), other.segments.size());
        for (int i = 0; i < common; i++) {
            int byKind = segments.get(i).kind().compareTo(other.segments.get(i).kind());
            if (byKind != 0) {
                return byKind;
            }
        }
        return Integer.compare(other.segments.size(), segments.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathTemplate other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
