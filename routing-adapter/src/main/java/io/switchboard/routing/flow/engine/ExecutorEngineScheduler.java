package io.switchboard.routing.flow.engine;

import io.switchboard.routing.flow.Cancellable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production scheduler: one daemon thread and the system clock. */
public final class ExecutorEngineScheduler implements EngineScheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorEngineScheduler.class);

    private final ScheduledExecutorService executor;
    private final Clock clock;

    public ExecutorEngineScheduler(String threadName) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        // Cancelled timers (every answered prompt cancels one) must not pile up in the queue.
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
        this.clock = Clock.systemUTC();
    }

    @Override
    public Instant now() {
        return clock.instant();
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
                LOG.error("flow engine task failed", e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
