package io.switchboard.routing.port;

import io.switchboard.routing.contact.QueueRef;
import java.time.Duration;
import java.util.Objects;

/**
 * A queued callback to create (CreateCallbackContact, or the HTTP API): the queue it waits in, the number it
 * dials, how long it waits at least before it is routed, how many times the customer is dialled at most, and
 * how long it waits between an unanswered attempt and the next.
 */
public record CallbackRequest(QueueRef queue, String number, Duration initialDelay, int maximumAttempts,
                              Duration retryDelay) {

    public CallbackRequest {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(retryDelay, "retryDelay");
        if (maximumAttempts < 1) {
            throw new IllegalArgumentException("maximumAttempts must be at least 1, not " + maximumAttempts);
        }
    }
}
