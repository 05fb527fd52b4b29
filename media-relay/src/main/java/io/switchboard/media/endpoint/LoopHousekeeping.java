package io.switchboard.media.endpoint;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One housekeeping timer per media loop that ticks every endpoint on the loop every
 * {@link RtpEndpoint#TICK_MILLIS} ms. A timer per endpoint put thousands of deadlines in the loop's
 * scheduled-task queue, spread so finely that the loop woke from epoll every few hundred microseconds for
 * a timer instead of for packets; one timer lets a wakeup drain many sockets. Confined to its loop.
 */
final class LoopHousekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(LoopHousekeeping.class);

    private final EventLoop loop;
    private RtpEndpoint[] endpoints = new RtpEndpoint[64];
    private int count;
    private ScheduledFuture<?> timer;

    LoopHousekeeping(EventLoop loop) {
        this.loop = loop;
    }

    /** Starts ticking {@code endpoint} (its first tick comes within one period). Loop only. */
    void add(RtpEndpoint endpoint) {
        if (endpoint.housekeepingIndex >= 0) {
            return;
        }
        if (count == endpoints.length) {
            endpoints = Arrays.copyOf(endpoints, count * 2);
        }
        endpoint.housekeepingIndex = count;
        endpoints[count++] = endpoint;
        if (timer == null) {
            timer = loop.scheduleAtFixedRate(this::tick, RtpEndpoint.TICK_MILLIS, RtpEndpoint.TICK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Stops ticking {@code endpoint}; the timer stops with the last one. Loop only. */
    void remove(RtpEndpoint endpoint) {
        int i = endpoint.housekeepingIndex;
        if (i < 0 || i >= count || endpoints[i] != endpoint) {
            return;
        }
        RtpEndpoint last = endpoints[--count];
        endpoints[i] = last;
        last.housekeepingIndex = i;
        endpoints[count] = null;
        endpoint.housekeepingIndex = -1;
        if (count == 0 && timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    int size() {
        return count;
    }

    /**
     * Ticks from the end down, so an endpoint removed meanwhile (its tick may close another) only moves an
     * already ticked one into its place; endpoints added meanwhile wait for the next period.
     */
    private void tick() {
        long now = System.nanoTime();
        for (int i = count - 1; i >= 0; i--) {
            if (i >= count) {
                continue;
            }
            RtpEndpoint e = endpoints[i];
            try {
                e.tick(now);
            } catch (RuntimeException ex) {
                // one endpoint's failure must not cancel the loop's timer for all others
                LOG.warn("endpoint {}: housekeeping failed", e.id(), ex);
            }
        }
    }
}
