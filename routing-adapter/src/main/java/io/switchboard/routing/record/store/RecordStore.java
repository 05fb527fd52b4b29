package io.switchboard.routing.record.store;

import io.switchboard.routing.record.ContactTraceLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store of contact trace records and agent events in the data directory
 * ({@code <data>/records.db}), for queries and for the contacts a crash interrupted. Every request may come
 * from any thread and returns at once: the store's own thread drains what is queued, runs it in one
 * transaction, commits, then completes the futures, so a burst of ends costs one commit. Without a thread
 * (virtual-loop tests) each request runs and commits on the calling thread.
 */
public final class RecordStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordStore.class);
    private static final long CLOSE_LIMIT_MS = 5_000;
    private static final int BATCH_LIMIT = 1_024;
    public static final String FILE_NAME = "records.db";

    /** A contact in progress when the server last stopped, with what its record would have said then. */
    public record InFlight(String contactId, Instant updatedAt, String json) {
    }

    /** One unit of work on the database. */
    private interface Work<T> {
        T run(RecordDatabase db) throws SQLException;
    }

    private record Task<T>(Work<T> work, CompletableFuture<T> done) {
        void run(RecordDatabase db, List<Runnable> completions) {
            try {
                T result = work.run(db);
                completions.add(() -> done.complete(result));
            } catch (SQLException | RuntimeException e) {
                completions.add(() -> done.completeExceptionally(e));
            }
        }
    }

    private final RecordDatabase db;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closing;

    private RecordStore(RecordDatabase db, boolean ownThread) {
        this.db = db;
        if (ownThread) {
            thread = new Thread(this::run, "record-store");
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
        }
    }

    /**
     * Opens the store under {@code dataDirectory}, creating and migrating it on the calling thread;
     * {@code ownThread} false runs every request on its caller (tests on a virtual loop).
     */
    public static RecordStore open(Path dataDirectory, boolean ownThread) throws IOException {
        Files.createDirectories(dataDirectory);
        try {
            return new RecordStore(RecordDatabase.open(dataDirectory.resolve(FILE_NAME)), ownThread);
        } catch (SQLException | RuntimeException e) {
            throw new IOException("the record store " + dataDirectory.resolve(FILE_NAME) + " cannot be opened: "
                    + e.getMessage(), e);
        }
    }

    /** Stores {@code line} (a later version of the contact's record replaces it) and ends its in-flight row. */
    public CompletableFuture<Void> putRecord(ContactTraceLine line) {
        return submit(db -> {
            db.putRecord(line);
            return null;
        });
    }

    /** What the record of a contact in progress would say if the server stopped now. */
    public void putInFlight(String contactId, Instant at, String json) {
        submit(db -> {
            db.putInFlight(contactId, at, json);
            return null;
        });
    }

    /** Text made on the store's thread (so the caller's thread never serialises). */
    public interface Text {
        String get() throws IOException;
    }

    /** Stores an agent event; completes with its JSON text once committed. */
    public CompletableFuture<String> putAgentEvent(String eventId, String username, String type, Instant at,
            Text json) {
        return submit(db -> {
            try {
                String text = json.get();
                db.putAgentEvent(eventId, username, type, at, text);
                return text;
            } catch (IOException e) {
                throw new SQLException("agent event " + eventId + " cannot be serialised: " + e, e);
            }
        });
    }

    public CompletableFuture<Optional<String>> record(String contactId) {
        return submit(db -> db.record(contactId));
    }

    /** Records that disconnected in [{@code from}, {@code to}), oldest first, at most {@code limit}. */
    public CompletableFuture<List<String>> between(Instant from, Instant to, int limit) {
        return submit(db -> db.between(from, to, limit));
    }

    /** Records last updated in [{@code from}, {@code to}), oldest update first, at most {@code limit}. */
    public CompletableFuture<List<String>> updatedBetween(Instant from, Instant to, int limit) {
        return submit(db -> db.updatedBetween(from, to, limit));
    }

    /** Agent events timestamped in [{@code from}, {@code to}), oldest first, at most {@code limit}. */
    public CompletableFuture<List<String>> agentEventsBetween(Instant from, Instant to, int limit) {
        return submit(db -> db.agentEventsBetween(from, to, limit));
    }

    /** In-flight rows without a record, after dropping those whose record is there. */
    public CompletableFuture<List<InFlight>> orphans() {
        return submit(db -> {
            db.dropSettledInFlight();
            return db.orphans();
        });
    }

    /** The latest instant anything stored shows the server alive at. */
    public CompletableFuture<Instant> lastSignOfLife() {
        return submit(RecordDatabase::lastSignOfLife);
    }

    /** Rows in {@code table} (contact_trace_record, contact_in_flight, agent_event): for tests and health. */
    public CompletableFuture<Integer> count(String table) {
        if (!List.of("contact_trace_record", "contact_in_flight", "agent_event").contains(table)) {
            throw new IllegalArgumentException("no table " + table);
        }
        return submit(db -> db.count(table));
    }

    /** Requests that failed (logged once, then at debug). */
    public long failures() {
        return failures.get();
    }

    private <T> CompletableFuture<T> submit(Work<T> work) {
        Task<T> task = new Task<>(work, new CompletableFuture<>());
        if (closing) {
            task.done().completeExceptionally(new IllegalStateException("the record store is closed"));
        } else if (thread == null) {
            runBatch(List.of(task));
        } else {
            queue.add(task);
        }
        return task.done().whenComplete((v, error) -> {
            if (error != null && (failures.getAndIncrement() == 0 || LOG.isDebugEnabled())) {
                LOG.error("record store request failed: {}", error.toString());
            }
        });
    }

    private void run() {
        List<Task<?>> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Task<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH_LIMIT);
                runBatch(batch);
                batch.clear();
            } catch (InterruptedException e) {
                closing = true;
            }
        }
    }

    /** Runs a batch in one transaction; its futures complete after the commit (all fail when it fails). */
    private void runBatch(List<Task<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        for (Task<?> task : batch) {
            task.run(db, completions);
        }
        try {
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            batch.forEach(t -> t.done().completeExceptionally(e));
            return;
        }
        completions.forEach(Runnable::run);
    }

    /** Runs what is queued, then closes the database; waits a bounded time. */
    @Override
    public void close() {
        closing = true;
        if (thread != null) {
            try {
                thread.join(CLOSE_LIMIT_MS);
                if (thread.isAlive()) {
                    LOG.warn("the record store did not finish within {} ms; {} requests still queued",
                            CLOSE_LIMIT_MS, queue.size());
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("closing the record store failed: {}", e.toString());
        }
    }
}
