package io.switchboard.routing.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.routing.agent.AgentEvent;
import io.switchboard.routing.flow.log.DailyJsonLines;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * Writes agent events as JSON lines to {@code <data>/streams/agent-events/YYYY-MM-DD.jsonl} (the UTC date of
 * the event), on a writer thread of its own ({@link DailyJsonLines}): the loop only hands the event over, never
 * serialising it or touching the disk. Each line is written whole with one {@code write} and, when {@code sync}
 * is on, forced to the device before the next, so a crash loses at most the events still queued and never
 * leaves half a line behind a complete one.
 */
public final class JsonLinesAgentEventSink implements Consumer<AgentEvent>, AutoCloseable {

    private final ObjectMapper mapper = new ObjectMapper();
    private final DailyJsonLines files;

    /** A sink writing under {@code dataDirectory}/streams/agent-events; {@code sync} forces every line to disk. */
    public JsonLinesAgentEventSink(Path dataDirectory, boolean sync) {
        this.files = new DailyJsonLines(dataDirectory.resolve("streams").resolve("agent-events"), sync, "agent event");
    }

    /** Queues the event for the writer, which serialises it (events and their snapshots are immutable). */
    @Override
    public void accept(AgentEvent event) {
        files.append(LocalDate.ofInstant(event.timestamp(), ZoneOffset.UTC),
                () -> mapper.writeValueAsString(AgentEventJson.event(mapper, event)));
    }

    /** Lines on disk. */
    public long written() {
        return files.written();
    }

    /** Events that could not be written (closed sink, disk errors). */
    public long dropped() {
        return files.dropped();
    }

    /** Writes what is queued, then closes the file; waits up to five seconds. */
    @Override
    public void close() {
        files.close();
    }
}
