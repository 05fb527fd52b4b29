package io.switchboard.sip.transaction;

import java.util.PriorityQueue;

/** A virtual clock: tasks run only when a test advances time, in deadline order, on the test's thread. */
public final class VirtualScheduler implements TimerScheduler {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        Task t = new Task(now + Math.max(0, delayMillis), sequence++, task);
        queue.add(t);
        return () -> t.cancelled = true;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    /** Moves the clock forward, running every task that falls due (including tasks those tasks schedule). */
    public void advance(long millis) {
        long target = now + millis;
        for (int guard = 0; guard < 1_000_000; guard++) {
            Task next = queue.peek();
            if (next == null || next.at > target) {
                break;
            }
            queue.poll();
            now = next.at;
            if (!next.cancelled) {
                next.task.run();
            }
        }
        now = target;
    }

    /** Tasks still waiting and not cancelled. */
    public int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled).count();
    }

    private static final class Task implements Comparable<Task> {
        final long at;
        final long seq;
        final Runnable task;
        boolean cancelled;

        Task(long at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }
}
