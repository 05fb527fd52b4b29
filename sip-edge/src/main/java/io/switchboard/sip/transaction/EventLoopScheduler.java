package io.switchboard.sip.transaction;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Transaction timers on the Netty event loop that owns the transactions. */
public final class EventLoopScheduler implements TimerScheduler {
    private final EventExecutor loop;

    public EventLoopScheduler(EventExecutor loop) {
        this.loop = loop;
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        ScheduledFuture<?> f = loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public long nowMillis() {
        return System.nanoTime() / 1_000_000L;
    }
}
