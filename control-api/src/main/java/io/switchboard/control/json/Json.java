package io.switchboard.control.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes the control API's JSON. One mapper for the module, configured once: unknown fields in a
 * body are ignored (clients may be newer than the server), and an error message never quotes the body
 * (a login body carries a password).
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** Parses {@code body} as a {@code type}; the exception's message is safe to show the client. */
    public static <T> T read(byte[] body, Class<T> type) throws JsonBodyException {
        if (body.length == 0) {
            throw new JsonBodyException("a JSON body is required");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new JsonBodyException("a JSON body is required, found null");
            }
            return value;
        } catch (MismatchedInputException e) {
            throw new JsonBodyException("JSON body has the wrong shape" + where(e.getLocation()), e);
        } catch (JsonProcessingException e) {
            throw new JsonBodyException("malformed JSON body" + where(e.getLocation()), e);
        } catch (IOException e) {
            // Reading a byte array cannot fail on I/O; whatever this is, the body was not usable.
            throw new JsonBodyException("malformed JSON body", e);
        }
    }

    /** The JSON text of {@code value} as UTF-8 bytes. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Our own view records and trees always serialise; a failure is a programming error.
            throw new UncheckedIOException("cannot write JSON for " + value.getClass().getName(), e);
        }
    }

    /** A fresh, empty JSON object to fill in. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The error body every 4xx and 5xx answer carries: {@code {"error": "..."}}. */
    public static byte[] error(String message) {
        ObjectNode node = object();
        node.put("error", message);
        return write(node);
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
