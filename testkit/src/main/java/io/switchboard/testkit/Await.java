package io.switchboard.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition a test can observe (a file, an HTTP answer, a metric) with a deadline, polling every
 * 20 ms, instead of sleeping for a guessed time: the wait ends as soon as the condition holds, and a condition
 * that never holds fails with what was expected.
 */
public final class Await {
    private static final long POLL_NANOS = 20_000_000L;

    private Await() {
    }

    /** Returns once {@code condition} holds; fails with {@code what} when {@code timeout} passes first. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        value(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /**
     * Returns the first value {@code probe} yields; fails with {@code what} when {@code timeout} passes first.
     * The probe runs once more after the deadline, so a slow machine still gets one last look.
     */
    public static <T> T value(String what, Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for: " + what);
            }
        }
    }
}
