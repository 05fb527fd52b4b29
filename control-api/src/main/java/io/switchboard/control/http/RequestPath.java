package io.switchboard.control.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request target's path into percent-decoded segments (RFC 3986 section 3.3). Splitting comes
 * before decoding so that {@code %2F} cannot forge a segment boundary.
 */
public final class RequestPath {
    private RequestPath() {
    }

    /**
     * The decoded segments of {@code rawPath} (which starts with {@code /}, query removed): {@code /} is one
     * empty segment, {@code /a/} is {@code a} and an empty one. Throws IllegalArgumentException on a bad
     * escape or on bytes that are not UTF-8.
     */
    public static List<String> segments(String rawPath) {
        if (!rawPath.startsWith("/")) {
            throw new IllegalArgumentException("the path does not start with /");
        }
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.substring(1).split("/", -1)) {
            segments.add(decode(raw));
        }
        return segments;
    }

    /** The decoded path, segments joined again with {@code /}, for messages and logs. */
    public static String display(List<String> segments) {
        return "/" + String.join("/", segments);
    }

    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated percent escape in the path");
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("bad percent escape in the path");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the path is not UTF-8");
        }
    }
}
