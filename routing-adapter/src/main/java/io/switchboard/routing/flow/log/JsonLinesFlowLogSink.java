package io.switchboard.routing.flow.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes flow logs as JSON lines to {@code <data>/streams/flow-logs/YYYY-MM-DD.jsonl} (UTC date of the
 * entry), on a writer thread of its own ({@link DailyJsonLines}) so the engine never waits for the disk or
 * serialises. Each line reaches the OS as written, so a crash of the process loses at most the entries still
 * queued.
 */
public final class JsonLinesFlowLogSink implements FlowLogSink, AutoCloseable {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper = new ObjectMapper();
    private final DailyJsonLines files;

    /** A sink writing under {@code dataDirectory}/streams/flow-logs. */
    public JsonLinesFlowLogSink(Path dataDirectory) {
        this.files = new DailyJsonLines(dataDirectory.resolve("streams").resolve("flow-logs"), false, "flow log");
    }

    @Override
    public void append(FlowLogEntry entry) {
        files.append(LocalDate.ofInstant(entry.timestamp(), ZoneOffset.UTC),
                () -> mapper.writeValueAsString(toJson(mapper, entry)));
    }

    /** Entries that could not be written (closed sink, disk errors). */
    public long dropped() {
        return files.dropped();
    }

    static ObjectNode toJson(ObjectMapper mapper, FlowLogEntry e) {
        ObjectNode node = mapper.createObjectNode();
        node.put("Timestamp", TIMESTAMP.format(e.timestamp()));
        node.put("ContactId", e.contactId());
        node.put("ContactFlowId", e.contactFlowId());
        node.put("ContactFlowName", e.contactFlowName());
        if (e.contactFlowVersion() != null) {
            node.put("ContactFlowVersion", e.contactFlowVersion());
        }
        node.put("ContactFlowModuleType", e.contactFlowModuleType());
        node.put("Identifier", e.identifier());
        node.set("Parameters", e.parameters());
        if (e.results() == null) {
            node.putNull("Results");
        } else {
            node.put("Results", e.results());
        }
        return node;
    }

    /** Writes what is queued, then closes the file; waits up to five seconds. */
    @Override
    public void close() {
        files.close();
    }
}
