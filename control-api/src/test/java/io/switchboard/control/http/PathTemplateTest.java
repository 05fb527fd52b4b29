package io.switchboard.control.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
    private static Optional<Map<String, String>> match(String template, String path) {
        return PathTemplate.parse(template).match(RequestPath.segments(path));
    }

    @Test
    void literalTemplateMatchesExactlyItsPath() {
        assertEquals(Optional.of(Map.of()), match("/health", "/health"));
        assertTrue(match("/health", "/health/").isEmpty());
        assertTrue(match("/health", "/healthz").isEmpty());
        assertTrue(match("/health", "/").isEmpty());
        assertEquals(Optional.of(Map.of()), match("/", "/"));
    }

    @Test
    void parameterBindsOneDecodedSegment() {
        assertEquals(Optional.of(Map.of("contactId", "c 1")), match("/api/contacts/{contactId}", "/api/contacts/c%201"));
        assertEquals(Optional.of(Map.of("contactId", "a/b")), match("/api/contacts/{contactId}", "/api/contacts/a%2Fb"));
        assertTrue(match("/api/contacts/{contactId}", "/api/contacts/a/b").isEmpty());
        assertTrue(match("/api/contacts/{contactId}", "/api/contacts/").isEmpty());
        assertTrue(match("/api/contacts/{contactId}", "/api/contacts").isEmpty());
        assertEquals(Optional.of(Map.of("q", "x", "a", "y")), match("/q/{q}/a/{a}", "/q/x/a/y"));
    }

    @Test
    void tailBindsTheRestOfThePath() {
        assertEquals(Optional.of(Map.of("file", "")), match("/ccp/{file*}", "/ccp"));
        assertEquals(Optional.of(Map.of("file", "")), match("/ccp/{file*}", "/ccp/"));
        assertEquals(Optional.of(Map.of("file", "js/app.js")), match("/ccp/{file*}", "/ccp/js/app.js"));
        assertEquals(Optional.of(Map.of("file", "js/")), match("/ccp/{file*}", "/ccp/js/"));
        assertTrue(match("/ccp/{file*}", "/ccpx/a").isEmpty());
        assertEquals(Optional.of(Map.of("file", "")), match("/{file*}", "/"));
    }

    @Test
    void malformedTemplatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse("api"));
        assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse("/a/{b}c"));
        assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse("/a/{1b}"));
        assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse("/a/{b}/{b}"));
        assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse("/a/{rest*}/b"));
    }

    @Test
    void literalsSortBeforeParametersBeforeTails() {
        List<PathTemplate> sorted = java.util.stream.Stream.of("/a/{file*}", "/a/{id}", "/a/current", "/a/{id}/x")
                .map(PathTemplate::parse).sorted().toList();
        assertEquals("[/a/current, /a/{id}/x, /a/{id}, /a/{file*}]", sorted.toString());
    }

    @Test
    void badEscapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RequestPath.segments("/a%2"));
        assertThrows(IllegalArgumentException.class, () -> RequestPath.segments("/a%zz"));
        assertThrows(IllegalArgumentException.class, () -> RequestPath.segments("/a%ff"));
        assertEquals(List.of("é"), RequestPath.segments("/%C3%A9"));
    }
}
