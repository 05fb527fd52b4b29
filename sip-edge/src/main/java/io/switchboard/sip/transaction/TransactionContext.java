package io.switchboard.sip.transaction;

import io.switchboard.sip.transport.ResponseRouter;

/** What every transaction shares: the clock, the timer values, response routing, the TU and the layer. */
final class TransactionContext {
    final TimerScheduler scheduler;
    final SipTimers timers;
    final ResponseRouter router;
    final TransactionUser tu;
    final TransactionCounters counters;
    final TransactionLayer layer;

    TransactionContext(TimerScheduler scheduler, SipTimers timers, ResponseRouter router, TransactionUser tu,
                       TransactionCounters counters, TransactionLayer layer) {
        this.scheduler = scheduler;
        this.timers = timers;
        this.router = router;
        this.tu = tu;
        this.counters = counters;
        this.layer = layer;
    }
}
