package io.switchboard.routing.core;

import io.switchboard.routing.flow.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A deterministic loop on a virtual clock: nothing runs until the owner calls {@link #runPending()}
 * or {@link #advance(Duration)}, and time moves only when told. Tasks may be submitted from any
 * thread; they run on the thread that drives the loop, and a task's exception reaches that thread. For
 * tests and benchmarks.
 */
public final class VirtualLoop implements ContactCenterLoop {

    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    // Owned by the driving thread.
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private Instant now;
    private long sequence;
    private Thread driving;

    public VirtualLoop(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == driving;
    }

    @Override
    public void execute(Runnable task) {
        inbox.add(task);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Timer timer = new Timer(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
        inbox.add(() -> timers.add(timer));
        return () -> timer.cancelled = true;
    }

    /** Runs every task that is due now, including tasks those tasks submit; returns how many ran. */
    public int runPending() {
        Thread outer = driving;
        driving = Thread.currentThread();
        try {
            return drain();
        } finally {
            driving = outer;
        }
    }

    private int drain() {
        int ran = 0;
        while (true) {
            Runnable next;
            while ((next = inbox.poll()) != null) {
                ready.add(next);
            }
            Timer due = timers.peek();
            if (ready.isEmpty() && due != null && !due.at.isAfter(now)) {
                timers.poll();
                if (!due.cancelled) {
                    ready.add(due.task);
                }
                continue;
            }
            if (ready.isEmpty()) {
                return ran;
            }
            ready.poll().run();
            ran++;
        }
    }

    /** Moves the clock forward by {@code step}, firing timers in time order, each at its own instant. */
    public void advance(Duration step) {
        Instant until = now.plus(step);
        runPending();
        while (true) {
            Timer due = timers.peek();
            if (due == null || due.at.isAfter(until)) {
                break;
            }
            now = due.at.isAfter(now) ? due.at : now;
            runPending();
        }
        now = until;
        runPending();
    }

    /** When the earliest live timer fires, if any is left. */
    public java.util.Optional<Instant> nextTimer() {
        runPending();
        return timers.stream().filter(t -> !t.cancelled).map(t -> t.at).min(Instant::compareTo);
    }

    /** Timers not yet fired or cancelled. */
    public long pendingTimers() {
        runPending();
        return timers.stream().filter(t -> !t.cancelled).count();
    }

    private static final class Timer implements Comparable<Timer> {
        final Instant at;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Timer(Instant at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Timer o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
