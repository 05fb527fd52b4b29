package io.switchboard.routing.record;

import java.time.Duration;
import java.util.Objects;

/**
 * How contact trace records reach the disk.
 *
 * <p>{@link Fsync#EVERY_RECORD}: a record counts as written once it was forced to the device (the writer
 * forces once per batch it drains, so a burst of ends costs one fsync, not one each). {@link Fsync#INTERVAL}:
 * a record counts as written once the operating system has it (it survives a crash of the process, a kill -9)
 * and the file is forced every {@code interval}; a power loss may take the last interval's records.
 *
 * <p>{@code writerThread} false writes on the calling thread, which is the contact center's loop: only for
 * tests and benchmarks on a virtual loop, which must not depend on another thread's timing.
 */
public record ContactTraceOptions(Fsync fsync, Duration interval, boolean writerThread) {

    public enum Fsync { EVERY_RECORD, INTERVAL }

    public ContactTraceOptions {
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the fsync interval must be positive: " + interval);
        }
    }

    /** Production: a writer thread of its own, every record forced before it counts as written. */
    public static ContactTraceOptions defaults() {
        return new ContactTraceOptions(Fsync.EVERY_RECORD, Duration.ofSeconds(1), true);
    }

    /** Virtual-loop tests: written and forced on the loop itself, so the outcome is there at once. */
    public static ContactTraceOptions onCallingThread() {
        return new ContactTraceOptions(Fsync.EVERY_RECORD, Duration.ofSeconds(1), false);
    }
}
