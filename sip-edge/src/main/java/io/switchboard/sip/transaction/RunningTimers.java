package io.switchboard.sip.transaction;

import java.util.EnumMap;
import java.util.function.Consumer;

/**
 * The named RFC 3261 timers one transaction has running. A timer is forgotten just before it fires, so the
 * handler may start it again (retransmission doubling). Confined to the core loop, like its transaction.
 */
final class RunningTimers<T extends Enum<T>> {
    private final TimerScheduler scheduler;
    private final EnumMap<T, TimerScheduler.Cancellable> running;
    private final Consumer<T> onFire;

    RunningTimers(Class<T> names, TimerScheduler scheduler, Consumer<T> onFire) {
        this.scheduler = scheduler;
        this.running = new EnumMap<>(names);
        this.onFire = onFire;
    }

    void start(T timer, long delayMillis) {
        running.put(timer, scheduler.schedule(delayMillis, () -> {
            running.remove(timer);
            onFire.accept(timer);
        }));
    }

    void cancel(T timer) {
        TimerScheduler.Cancellable c = running.remove(timer);
        if (c != null) {
            c.cancel();
        }
    }

    void cancelAll() {
        running.values().forEach(TimerScheduler.Cancellable::cancel);
        running.clear();
    }
}
