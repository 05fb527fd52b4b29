package io.switchboard.routing.core;

import io.switchboard.routing.flow.Cancellable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production loop: one daemon thread, timers on it, and an injected clock (the system's by default). */
public final class SingleThreadLoop implements ContactCenterLoop, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SingleThreadLoop.class);

    private final ScheduledThreadPoolExecutor executor;
    private final Clock clock;
    private volatile Thread thread;

    public SingleThreadLoop(String threadName) {
        this(threadName, Clock.systemUTC());
    }

    public SingleThreadLoop(String threadName, Clock clock) {
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        // Cancelled timers (every answered prompt cancels one) must not pile up in the queue.
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(guard(task));
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(guard(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // One contact's bug must not kill the thread every other contact runs on.
                LOG.error("contact center task failed", e);
            }
        };
    }

    /** Stops the thread; tasks not yet run are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
