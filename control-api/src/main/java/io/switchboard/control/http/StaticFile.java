package io.switchboard.control.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * One file of a static tree, held in memory with its validators.
 *
 * @param etag         a strong entity tag (RFC 9110 section 8.8.3) derived from the content, quotes included
 * @param lastModified whole seconds (what HTTP dates carry); null when the source had no time
 */
record StaticFile(String name, byte[] content, String contentType, String etag, Instant lastModified) {

    static StaticFile of(String name, byte[] content, Instant lastModified) {
        return new StaticFile(name, content, ContentTypes.of(name), etagOf(content),
                lastModified == null ? null : lastModified.truncatedTo(ChronoUnit.SECONDS));
    }

    static StaticFile of(String name, String content) {
        return of(name, content.getBytes(StandardCharsets.UTF_8), null);
    }

    private static String etagOf(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
