package io.switchboard.control.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Static files from the classpath: directory index, redirects, content types, validators, no traversal. */
class StaticFilesTest {
    static final String ROOT = "io/switchboard/control/testpages";
    private final StaticFiles files = load();

    private static StaticFiles load() {
        try {
            return StaticFiles.fromClasspath(StaticFilesTest.class.getClassLoader(), ROOT);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse get(String path, String... headers) {
        String file = path.equals("/static") ? "" : path.substring("/static/".length());
        HttpRequest.Builder builder = HttpRequest.builder(HttpMethod.GET, path);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return files.handle(builder.build().withPathParams(Map.of(StaticFiles.PARAM, file)));
    }

    @Test
    void readsTheWholeTreeAndNothingBeside() {
        assertEquals(4, files.size());
        assertThrows(IOException.class, () -> StaticFiles.fromClasspath(getClass().getClassLoader(), "no/such/dir"));
    }

    @Test
    void aDirectoryServesItsIndexWithValidators() {
        HttpResponse response = get("/static/");
        assertEquals(200, response.status());
        assertEquals("text/html; charset=utf-8", response.contentType());
        assertTrue(response.bodyText().contains("<title>Test page</title>"), response.bodyText());
        assertTrue(response.header("ETag").orElseThrow().matches("\"[A-Za-z0-9_-]{27}\""));
        assertTrue(response.header("Last-Modified").isPresent());
        assertEquals("no-cache", response.header("Cache-Control").orElseThrow());
        assertEquals("<!doctype html><title>Sub page</title>\n", get("/static/sub/").bodyText());
    }

    @Test
    void aDirectoryWithoutItsSlashIsRedirectedRelatively() {
        HttpResponse mount = get("/static");
        assertEquals(301, mount.status());
        assertEquals("static/", mount.header("Location").orElseThrow());
        HttpResponse sub = get("/static/sub");
        assertEquals(301, sub.status());
        assertEquals("sub/", sub.header("Location").orElseThrow());
    }

    @Test
    void contentTypesFollowTheExtension() {
        assertEquals("text/javascript; charset=utf-8", get("/static/app.js").contentType());
        assertEquals("text/css; charset=utf-8", get("/static/style.css").contentType());
        assertEquals("application/octet-stream", ContentTypes.of("README"));
        assertEquals("image/png", ContentTypes.of("img/logo.PNG"));
        assertEquals("application/octet-stream", ContentTypes.of("dir.d/file"));
    }

    @Test
    void aMatchingEntityTagIsNotModified() {
        String etag = get("/static/app.js").header("ETag").orElseThrow();
        HttpResponse same = get("/static/app.js", "If-None-Match", etag);
        assertEquals(304, same.status());
        assertEquals(0, same.body().length);
        assertEquals(etag, same.header("ETag").orElseThrow());
        assertEquals(304, get("/static/app.js", "If-None-Match", "W/" + etag).status());
        assertEquals(304, get("/static/app.js", "If-None-Match", "\"other\", " + etag).status());
        assertEquals(304, get("/static/app.js", "If-None-Match", "*").status());
        assertEquals(200, get("/static/app.js", "If-None-Match", "\"other\"").status());
        assertFalse(etag.equals(get("/static/style.css").header("ETag").orElseThrow()));
    }

    @Test
    void ifModifiedSinceCountsOnlyWithoutIfNoneMatch() {
        StaticFile file = StaticFile.of("a.txt", "hello".getBytes(), Instant.parse("2024-05-01T10:00:00.750Z"));
        StaticFiles tree = new StaticFiles(Map.of("a.txt", file));
        DateTimeFormatter http = DateTimeFormatter.RFC_1123_DATE_TIME;
        String atModification = http.format(Instant.parse("2024-05-01T10:00:00Z").atZone(ZoneOffset.UTC));
        String before = http.format(Instant.parse("2024-05-01T09:59:59Z").atZone(ZoneOffset.UTC));
        assertEquals(304, tree.handle(request("a.txt", "If-Modified-Since", atModification)).status());
        assertEquals(200, tree.handle(request("a.txt", "If-Modified-Since", before)).status());
        assertEquals(200, tree.handle(request("a.txt", "If-Modified-Since", "yesterday")).status());
        assertEquals(200, tree.handle(request("a.txt", "If-Modified-Since", atModification,
                "If-None-Match", "\"other\"")).status());
        assertEquals("Wed, 01 May 2024 10:00:00 GMT",
                tree.handle(request("a.txt")).header("Last-Modified").orElseThrow());
    }

    private static HttpRequest request(String file, String... headers) {
        HttpRequest.Builder builder = HttpRequest.builder(HttpMethod.GET, "/s/" + file);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.build().withPathParams(Map.of(StaticFiles.PARAM, file));
    }

    @Test
    void traversalFindsNothing() {
        for (String path : new String[] {"/static/../testpages-secret.txt", "/static/sub/../../testpages-secret.txt",
                "/static/./index.html", "/static/..\\testpages-secret.txt", "/static/sub/..", "/static/nope.html"}) {
            HttpResponse response = get(path);
            assertEquals(404, response.status(), path);
            assertFalse(response.bodyText().contains("top secret"), path);
            assertTrue(response.bodyText().startsWith("{\"error\":"), path);
        }
    }
}
