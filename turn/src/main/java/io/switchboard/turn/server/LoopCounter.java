package io.switchboard.turn.server;

import java.util.concurrent.atomic.AtomicLong;

/** A counter written by the TURN loop only and read by metrics from any thread: no read-modify-write race. */
final class LoopCounter {
    private final AtomicLong value = new AtomicLong();

    void increment() {
        value.lazySet(value.get() + 1);
    }

    void add(long n) {
        value.lazySet(value.get() + n);
    }

    void set(long n) {
        value.lazySet(n);
    }

    long get() {
        return value.get();
    }
}
