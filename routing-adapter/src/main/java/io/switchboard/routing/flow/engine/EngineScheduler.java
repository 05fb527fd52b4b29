package io.switchboard.routing.flow.engine;

import io.switchboard.routing.flow.Cancellable;
import java.time.Duration;
import java.time.Instant;

/**
 * The flow engine's thread and clock: one serial executor that owns every contact's flow state, and
 * timers that fire on it. Injected, so tests and benchmarks run the engine on a virtual clock.
 */
public interface EngineScheduler {

    /** The current time on this scheduler's clock. */
    Instant now();

    /** Runs {@code task} on the engine thread, after tasks already submitted; callable from any thread. */
    void execute(Runnable task);

    /** Runs {@code task} on the engine thread after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);
}
