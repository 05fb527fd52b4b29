package io.switchboard.routing.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.routing.agent.AgentEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes agent events as JSON lines to {@code <data>/streams/agent-events/YYYY-MM-DD.jsonl} (the UTC date of
 * the event), on a writer thread of its own: the loop only serialises the event to a string and hands it
 * over, never touching the disk. Each line is written whole with one {@code write} and, when {@code sync} is
 * on, forced to the device before the next, so a crash loses at most the events still queued and never
 * leaves half a line behind a complete one.
 */
public final class JsonLinesAgentEventSink implements Consumer<AgentEvent>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesAgentEventSink.class);

    private final Path directory;
    private final boolean sync;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "agent-event-writer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    // Owned by the writer thread.
    private LocalDate openDate;
    private FileChannel out;

    /** A sink writing under {@code dataDirectory}/streams/agent-events; {@code sync} forces every line to disk. */
    public JsonLinesAgentEventSink(Path dataDirectory, boolean sync) {
        this.directory = dataDirectory.resolve("streams").resolve("agent-events");
        this.sync = sync;
    }

    /** Serialises the event on the calling thread (the loop) and queues the line for the writer. */
    @Override
    public void accept(AgentEvent event) {
        String line;
        try {
            line = mapper.writeValueAsString(AgentEventJson.event(mapper, event)) + "\n";
        } catch (IOException e) {
            dropped.incrementAndGet();
            LOG.error("agent event {} not serialisable: {}", event.eventId(), e.toString());
            return;
        }
        LocalDate date = LocalDate.ofInstant(event.timestamp(), ZoneOffset.UTC);
        try {
            writer.execute(() -> write(date, line));
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet();
        }
    }

    /** Lines on disk. */
    public long written() {
        return written.get();
    }

    /** Events that could not be written (closed sink, disk errors). */
    public long dropped() {
        return dropped.get();
    }

    private void write(LocalDate date, String line) {
        try {
            if (!date.equals(openDate)) {
                closeFile();
                Files.createDirectories(directory);
                out = FileChannel.open(directory.resolve(date + ".jsonl"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                openDate = date;
            }
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            if (sync) {
                out.force(false);
            }
            written.incrementAndGet();
        } catch (IOException | UncheckedIOException e) {
            if (dropped.getAndIncrement() == 0) {
                LOG.warn("agent event write failed in {}: {}", directory, e.toString());
            }
            closeFile();
        }
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // Abandoned after a failure or a date change; nothing else to do with it.
            }
            out = null;
            openDate = null;
        }
    }

    /** Writes what is queued, then closes the file; waits up to five seconds. */
    @Override
    public void close() {
        try {
            writer.execute(this::closeFile);
        } catch (RejectedExecutionException e) {
            return;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("agent event writer did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
