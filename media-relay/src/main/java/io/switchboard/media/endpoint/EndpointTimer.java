package io.switchboard.media.endpoint;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A timer of something attached to an endpoint (a player's frame clock, a digit collection's timeout, a DTMF
 * sender's pacing). It fires on the endpoint's loop, whichever that is: when the endpoint moves to another
 * loop ({@link RtpEndpoint#moveTo}), the endpoint takes the timer off the old loop and arms it on the new one
 * with the delay it had left, so its owner never learns of the move. Confined to the endpoint's loop.
 */
public final class EndpointTimer {
    private final RtpEndpoint endpoint;
    private final Runnable task;
    /** 0 for a one-shot timer. */
    private final long periodNanos;
    private ScheduledFuture<?> future;
    private boolean cancelled;
    /** The delay left when a move took the timer off its loop; negative while armed or never armed. */
    private long suspendedLeftNanos = -1;

    EndpointTimer(RtpEndpoint endpoint, Runnable task, long periodNanos) {
        this.endpoint = endpoint;
        this.task = task;
        this.periodNanos = periodNanos;
    }

    /** Stops the timer; a cancelled timer never fires again. Loop only. */
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        if (future != null) {
            future.cancel(false);
            future = null;
        }
        endpoint.forget(this);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    void arm(EventLoop loop, long delayNanos) {
        if (periodNanos > 0) {
            future = loop.scheduleAtFixedRate(task, delayNanos, periodNanos, TimeUnit.NANOSECONDS);
        } else {
            future = loop.schedule(this::fireOnce, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void fireOnce() {
        future = null;
        cancelled = true;
        endpoint.forget(this);
        task.run();
    }

    /** Takes the timer off the loop the endpoint leaves, keeping the delay it had left. On the old loop. */
    void suspend() {
        if (future == null) {
            return;
        }
        suspendedLeftNanos = Math.max(0, future.getDelay(TimeUnit.NANOSECONDS));
        future.cancel(false);
        future = null;
    }

    /** Arms a suspended timer on the endpoint's new loop with the delay it had left. On the new loop. */
    void resume(EventLoop loop) {
        if (cancelled || suspendedLeftNanos < 0) {
            return;
        }
        long left = suspendedLeftNanos;
        suspendedLeftNanos = -1;
        arm(loop, left);
    }
}
