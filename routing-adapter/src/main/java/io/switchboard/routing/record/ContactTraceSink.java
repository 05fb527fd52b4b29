package io.switchboard.routing.record;

import java.util.concurrent.CompletableFuture;

/**
 * Where completed contact trace records go. {@link #append} is called on the contact center's loop and must
 * not block it; the future says when the record is durable (as the sink's fsync policy defines it), and
 * fails when it could not be written.
 */
public interface ContactTraceSink extends AutoCloseable {

    CompletableFuture<Void> append(ContactTraceLine line);

    /** Writes what is queued and makes it durable, then stops; waits a bounded time. */
    @Override
    void close();
}
