package io.switchboard.routing.port;

/** What the router answered when asked to take a contact into a queue. */
public enum EnqueueOutcome {
    QUEUED,
    AT_CAPACITY
}
