package io.switchboard.routing.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.routing.record.store.RecordStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CTR day files: append-only lines by UTC day, the writer thread's durability, and crash repair. */
class JsonLinesContactTraceSinkTest {

    @TempDir
    Path data;

    private static ContactTraceLine line(String id, String disconnect) {
        return new ContactTraceLine(id, Instant.parse(disconnect),
                "{\"ContactId\":\"" + id + "\",\"DisconnectTimestamp\":\"" + disconnect + "\"}");
    }

    @Test
    void writerThreadAppendsByUtcDayOfTheDisconnectAndCompletesOnceWritten() throws Exception {
        try (JsonLinesContactTraceSink sink = new JsonLinesContactTraceSink(data, ContactTraceOptions.defaults())) {
            CompletableFuture<Void> a = sink.append(line("a", "2024-07-10T23:59:59Z"));
            CompletableFuture<Void> b = sink.append(line("b", "2024-07-11T00:00:00Z"));
            CompletableFuture<Void> c = sink.append(line("c", "2024-07-11T00:00:01Z"));
            CompletableFuture.allOf(a, b, c).get(10, TimeUnit.SECONDS);
            assertEquals(3, sink.written());
        }
        Path dir = data.resolve("streams/ctr");
        assertEquals(List.of(line("a", "2024-07-10T23:59:59Z").json()), Files.readAllLines(dir.resolve("2024-07-10.jsonl")));
        assertEquals(2, Files.readAllLines(dir.resolve("2024-07-11.jsonl")).size());
    }

    @Test
    void intervalPolicyCompletesOnceTheSystemHasTheLine() throws Exception {
        var options = new ContactTraceOptions(ContactTraceOptions.Fsync.INTERVAL, Duration.ofMillis(50), true);
        try (JsonLinesContactTraceSink sink = new JsonLinesContactTraceSink(data, options)) {
            sink.append(line("a", "2024-07-10T15:00:00Z")).get(10, TimeUnit.SECONDS);
            assertEquals(1, new ContactTraceFiles(data).lines().size(), "readable as soon as it completed");
        }
    }

    @Test
    void appendsAfterWhatIsThereAcrossRestarts() throws Exception {
        try (var sink = new JsonLinesContactTraceSink(data, ContactTraceOptions.onCallingThread())) {
            assertTrue(sink.append(line("a", "2024-07-10T15:00:00Z")).isDone(), "written on the calling thread");
        }
        try (var sink = new JsonLinesContactTraceSink(data, ContactTraceOptions.onCallingThread())) {
            sink.append(line("b", "2024-07-10T15:00:01Z"));
        }
        assertEquals(2, new ContactTraceFiles(data).lines().size());
    }

    @Test
    void aTornLastLineIsSkippedByReadersAndCutOffOnStart() throws Exception {
        Path file = data.resolve("streams/ctr/2024-07-10.jsonl");
        Files.createDirectories(file.getParent());
        String whole = line("a", "2024-07-10T15:00:00Z").json() + "\n";
        Files.writeString(file, whole + "{\"ContactId\":\"b\",\"Disconn", StandardCharsets.UTF_8);

        ContactTraceFiles files = new ContactTraceFiles(data);
        assertEquals(List.of(whole.strip()), files.lines(), "the torn line is not a record");
        try (RecordStore store = RecordStore.open(data, false)) {
            assertEquals(1, RecordRecovery.run(files, new JsonLinesContactTraceSink(data.resolve("other"),
                    ContactTraceOptions.onCallingThread()), store).caughtUp(), "the torn line is not caught up");
        }

        try (var sink = new JsonLinesContactTraceSink(data, ContactTraceOptions.onCallingThread())) {
            assertEquals(whole, Files.readString(file), "cut back to the last whole line");
            sink.append(line("c", "2024-07-10T15:00:02Z"));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).contains("\"c\""), "the next record starts on a line of its own");
        try (RecordStore after = RecordStore.open(data, false)) {
            RecordRecovery.run(files, new JsonLinesContactTraceSink(data.resolve("other"),
                    ContactTraceOptions.onCallingThread()), after);
            assertTrue(after.record("a").join().isPresent());
            assertFalse(after.record("b").join().isPresent());
            assertEquals(2, after.between(Instant.parse("2024-07-10T00:00:00Z"), Instant.parse("2024-07-11T00:00:00Z"), 10).join().size());
            assertEquals(1, after.between(Instant.parse("2024-07-10T15:00:01Z"), Instant.parse("2024-07-11T00:00:00Z"), 10).join().size());
        }
    }

    @Test
    void aClosedSinkRefusesInsteadOfLosingSilently() throws Exception {
        var sink = new JsonLinesContactTraceSink(data, ContactTraceOptions.defaults());
        sink.close();
        assertTrue(sink.append(line("a", "2024-07-10T15:00:00Z")).isCompletedExceptionally());
        assertEquals(1, sink.failed());
    }
}
