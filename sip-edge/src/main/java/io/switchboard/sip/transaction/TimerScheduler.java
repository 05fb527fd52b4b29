package io.switchboard.sip.transaction;

/**
 * Runs a task after a delay on the thread that owns the transactions. Production uses the core event loop;
 * tests use a virtual clock so every RFC 3261 timer can be stepped through without waiting.
 */
public interface TimerScheduler {
    /** Schedules {@code task} to run once after {@code delayMillis}; a delay of 0 still runs later, not inline. */
    Cancellable schedule(long delayMillis, Runnable task);

    /** The current time in milliseconds on this scheduler's clock. */
    long nowMillis();

    /** A scheduled task that can be cancelled; cancelling a task that already ran does nothing. */
    interface Cancellable {
        void cancel();
    }
}
