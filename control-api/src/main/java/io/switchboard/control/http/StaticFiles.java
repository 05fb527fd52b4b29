package io.switchboard.control.http;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves a tree of files read from the classpath at wiring time (the pages: {@code /ccp} and later the
 * supervisor's), so a request never touches the disk and can only reach the files of that tree. A
 * directory answers its {@code index.html}; a directory asked for without its trailing slash is redirected
 * to it, so that the page's relative links resolve inside it. Responses carry an ETag and Last-Modified,
 * and a matching {@code If-None-Match} or {@code If-Modified-Since} gets 304 (RFC 9110 section 13).
 */
public final class StaticFiles implements HttpRoute {
    /** The template parameter that carries the file's path below the mount point. */
    public static final String PARAM = "file";
    /** Browsers keep the files but ask again every time; a 304 answers cheaply. */
    static final String CACHE_CONTROL = "no-cache";
    /** IMF-fixdate (RFC 9110 section 5.6.7): two-digit day, which RFC_1123_DATE_TIME does not write. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ENGLISH);
    /** Reads IMF-fixdate and the one-digit-day variant. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final Map<String, StaticFile> files;

    StaticFiles(Map<String, StaticFile> files) {
        this.files = Map.copyOf(files);
    }

    /** Every file under classpath directory {@code root} (as {@code io/switchboard/control/pages/ccp}). */
    public static StaticFiles fromClasspath(ClassLoader loader, String root) throws IOException {
        return new StaticFiles(ClasspathTree.read(loader, root));
    }

    /** Serves {@code files} for GET and HEAD at {@code mountPoint} (as {@code /ccp}) and below. */
    public static void mount(HttpRoutes routes, String mountPoint, StaticFiles files) {
        String base = mountPoint.endsWith("/") ? mountPoint.substring(0, mountPoint.length() - 1) : mountPoint;
        routes.add(HttpMethod.GET, base + "/{" + PARAM + "*}", files);
    }

    /** The number of files served, for the log line at start. */
    public int size() {
        return files.size();
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        String relative = request.pathParam(PARAM);
        List<String> segments = List.of(relative.split("/", -1));
        for (String segment : segments) {
            // Names in the tree never hold these; refusing them outright keeps traversal out by construction.
            if (segment.equals("..") || segment.equals(".") || segment.indexOf('\\') >= 0
                    || segment.indexOf('\0') >= 0) {
                return notFound(request);
            }
        }
        boolean directory = relative.isEmpty() || relative.endsWith("/");
        StaticFile file = files.get(directory ? relative + "index.html" : relative);
        if (file == null) {
            if (!directory && files.containsKey(relative + "/index.html")) {
                return redirectToDirectory(segments.get(segments.size() - 1));
            }
            return notFound(request);
        }
        if (directory && !request.path().endsWith("/")) {
            // The mount point itself (/ccp): what is below it is the tree's root.
            String last = request.path().substring(request.path().lastIndexOf('/') + 1);
            return redirectToDirectory(last);
        }
        return notModified(request, file) ? validators(HttpResponse.of(304, null, new byte[0]), file)
                : validators(HttpResponse.of(200, file.contentType(), file.content()), file);
    }

    /** A relative Location (RFC 9110 section 10.2.2) keeps the mount point and proxies' prefixes out of it. */
    private static HttpResponse redirectToDirectory(String lastSegment) {
        return HttpResponse.redirect(301, encodeSegment(lastSegment) + "/");
    }

    private static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.error(404, "no such resource: " + request.path());
    }

    private static HttpResponse validators(HttpResponse response, StaticFile file) {
        HttpResponse out = response.withHeader("ETag", file.etag()).withHeader("Cache-Control", CACHE_CONTROL);
        if (file.lastModified() != null) {
            out = out.withHeader("Last-Modified", IMF_FIXDATE.format(file.lastModified().atZone(ZoneOffset.UTC)));
        }
        return out;
    }

    /**
     * RFC 9110 section 13.2.2: If-None-Match decides when present (weak comparison, section 8.8.3.2);
     * If-Modified-Since only without it.
     */
    static boolean notModified(HttpRequest request, StaticFile file) {
        List<String> noneMatch = request.headers().all("if-none-match");
        if (!noneMatch.isEmpty()) {
            String ours = opaque(file.etag());
            for (String field : noneMatch) {
                for (String tag : field.split(",")) {
                    String candidate = tag.trim();
                    if (candidate.equals("*") || opaque(candidate).equals(ours)) {
                        return true;
                    }
                }
            }
            return false;
        }
        Optional<String> since = request.header("if-modified-since");
        if (since.isEmpty() || file.lastModified() == null) {
            return false;
        }
        try {
            Instant date = ZonedDateTime.parse(since.get().trim(), HTTP_DATE).toInstant();
            return !file.lastModified().isAfter(date);
        } catch (DateTimeParseException e) {
            // An invalid date is ignored (section 13.1.3).
            return false;
        }
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
