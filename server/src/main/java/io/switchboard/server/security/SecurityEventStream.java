package io.switchboard.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.routing.flow.log.DailyJsonLines;
import io.switchboard.sip.api.SecurityEvent;
import io.switchboard.sip.api.SecurityEventListener;
import java.nio.file.Path;
import java.time.ZoneOffset;

/**
 * The SIP edge's security events as JSON lines in {@code <data>/streams/security-events/YYYY-MM-DD.jsonl} (UTC
 * date), one object per event with {@code time}, {@code type}, {@code source}, {@code port}, {@code transport}
 * and, when known, {@code method}, {@code callId}, {@code user} and {@code detail}. Serialised and written on
 * the stream's own writer thread: the edge's core loop only queues.
 */
public final class SecurityEventStream implements SecurityEventListener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DailyJsonLines files;

    public SecurityEventStream(Path dataDirectory) {
        this.files = new DailyJsonLines(dataDirectory.resolve("streams").resolve("security-events"), false,
                "security event");
    }

    @Override
    public void onEvent(SecurityEvent e) {
        files.append(e.time().atOffset(ZoneOffset.UTC).toLocalDate(), () -> line(e));
    }

    static String line(SecurityEvent e) throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", e.time().toString());
        o.put("type", e.type().wireName());
        o.put("source", e.source());
        o.put("port", e.port());
        o.put("transport", e.transport());
        putIfSet(o, "method", e.method());
        putIfSet(o, "callId", e.callId());
        putIfSet(o, "user", e.user());
        putIfSet(o, "detail", e.detail());
        return JSON.writeValueAsString(o);
    }

    private static void putIfSet(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    /** Lines written so far. */
    public long written() {
        return files.written();
    }

    @Override
    public void close() {
        files.close();
    }
}
