package io.switchboard.routing.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.routing.record.store.RecordStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start does before the first call, after a crash or a clean stop alike: the record store catches up
 * with the CTR day files (a crash may fall between a record's fsync to its file and its commit to the
 * store), then every contact the store still holds as in flight gets its record written, as the store last
 * had it, disconnected at the last instant the store shows the server alive, for a reason of OTHER and
 * tagged {@value ContactTraceRecord#INTERRUPTED_TAG}. Runs on the starting thread.
 */
public final class RecordRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(RecordRecovery.class);
    /**
     * How much of the newest CTR lines the store catches up from: far more than the records of one batch,
     * which is all a crash can leave in the files and not in the store.
     */
    private static final long CATCH_UP_BYTES = 16L << 20;
    private static final Duration LIMIT = Duration.ofSeconds(30);

    /** What a start found. */
    public record Result(int caughtUp, int interrupted) {
    }

    private RecordRecovery() {
    }

    public static Result run(ContactTraceFiles files, ContactTraceSink sink, RecordStore store) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        files.readTail(CATCH_UP_BYTES, text -> parse(mapper, text).ifPresent(line -> puts.add(store.putRecord(line))));
        await(CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)));
        List<RecordStore.InFlight> orphans = await(store.orphans());
        if (orphans.isEmpty()) {
            return new Result(puts.size(), 0);
        }
        Instant lastAlive = await(store.lastSignOfLife());
        int written = 0;
        for (RecordStore.InFlight orphan : orphans) {
            Instant end = orphan.updatedAt().isAfter(lastAlive) ? orphan.updatedAt() : lastAlive;
            Optional<ContactTraceLine> line = interrupted(mapper, orphan, end);
            if (line.isEmpty()) {
                LOG.warn("contact {}: its in-flight record cannot be read; no record written", orphan.contactId());
                continue;
            }
            await(sink.append(line.get()));
            await(store.putRecord(line.get()));
            written++;
        }
        LOG.warn("{} contacts were in progress when the server stopped; their records are written, tagged {}",
                written, ContactTraceRecord.INTERRUPTED_TAG);
        return new Result(puts.size(), written);
    }

    /** The in-flight record, disconnected at {@code end}: its queue left then too. */
    static Optional<ContactTraceLine> interrupted(ObjectMapper mapper, RecordStore.InFlight orphan, Instant end) {
        try {
            ObjectNode node = (ObjectNode) mapper.readTree(orphan.json());
            String at = ContactTraceRecord.timestamp(end);
            node.put("DisconnectTimestamp", at);
            node.put("LastUpdateTimestamp", at);
            node.put("DisconnectReason", "OTHER");
            node.with("Tags").put(ContactTraceRecord.INTERRUPTED_TAG, "true");
            JsonNode queue = node.path("Queue");
            if (queue.isObject() && queue.hasNonNull("EnqueueTimestamp")) {
                Instant enqueued = Instant.parse(queue.get("EnqueueTimestamp").asText());
                ((ObjectNode) queue).put("DequeueTimestamp", at);
                ((ObjectNode) queue).put("Duration", Math.max(0, Duration.between(enqueued, Instant.parse(at)).toSeconds()));
            }
            return Optional.of(new ContactTraceLine(orphan.contactId(), end, end, true, mapper.writeValueAsString(node)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A stored line as a record line; empty for a line that is not a record. */
    static Optional<ContactTraceLine> parse(ObjectMapper mapper, String text) {
        try {
            JsonNode node = mapper.readTree(text);
            String id = node.path("ContactId").asText(null);
            String disconnect = node.path("DisconnectTimestamp").asText(null);
            if (id == null || disconnect == null) {
                return Optional.empty();
            }
            Instant at = Instant.parse(disconnect);
            String update = node.path("LastUpdateTimestamp").asText(null);
            boolean interrupted = node.path("Tags").has(ContactTraceRecord.INTERRUPTED_TAG);
            return Optional.of(new ContactTraceLine(id, at, update == null ? at : Instant.parse(update), interrupted,
                    text));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("records could not be recovered: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while recovering records", e);
        }
    }
}
