package io.switchboard.routing.flow.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes flow logs as JSON lines to {@code <data>/streams/flow-logs/YYYY-MM-DD.jsonl} (UTC date of the
 * entry), on a writer thread of its own so the engine never waits for the disk. Each line is flushed
 * as written, so a crash loses at most the entries still queued.
 */
public final class JsonLinesFlowLogSink implements FlowLogSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesFlowLogSink.class);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path directory;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flow-log-writer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong dropped = new AtomicLong();
    // Owned by the writer thread.
    private LocalDate openDate;
    private BufferedWriter out;

    /** A sink writing under {@code dataDirectory}/streams/flow-logs. */
    public JsonLinesFlowLogSink(Path dataDirectory) {
        this.directory = dataDirectory.resolve("streams").resolve("flow-logs");
    }

    @Override
    public void append(FlowLogEntry entry) {
        try {
            writer.execute(() -> write(entry));
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet();
        }
    }

    /** Entries that could not be written (closed sink, disk errors). */
    public long dropped() {
        return dropped.get();
    }

    static ObjectNode toJson(ObjectMapper mapper, FlowLogEntry e) {
        ObjectNode node = mapper.createObjectNode();
        node.put("Timestamp", TIMESTAMP.format(e.timestamp()));
        node.put("ContactId", e.contactId());
        node.put("ContactFlowId", e.contactFlowId());
        node.put("ContactFlowName", e.contactFlowName());
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

    private void write(FlowLogEntry entry) {
        try {
            LocalDate date = LocalDate.ofInstant(entry.timestamp(), ZoneOffset.UTC);
            if (!date.equals(openDate)) {
                closeFile();
                Files.createDirectories(directory);
                out = Files.newBufferedWriter(directory.resolve(date + ".jsonl"), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                openDate = date;
            }
            out.write(mapper.writeValueAsString(toJson(mapper, entry)));
            out.write('\n');
            out.flush();
        } catch (IOException | UncheckedIOException e) {
            if (dropped.getAndIncrement() == 0) {
                LOG.warn("flow log write failed in {}: {}", directory, e.toString());
            }
            closeFile();
        }
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // The file is being abandoned after a failure or a date change; nothing else to do.
            }
            out = null;
            openDate = null;
        }
    }

    /** Writes what is queued, then closes the file; waits up to five seconds. */
    @Override
    public void close() {
        writer.execute(this::closeFile);
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("flow log writer did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
