package io.switchboard.sip.transaction;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transport.SipFlow;
import java.util.EnumMap;

/** The non-INVITE client transaction of RFC 3261 section 17.1.2 (figure 6). */
public final class NonInviteClientTransaction extends ClientTransaction {
    public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    private enum Timer { E, F, K }

    /** What a state does with each event; the defaults ignore it. */
    private interface Behaviour {
        default void response(SipMessage response) {
        }

        default void timer(Timer timer) {
        }
    }

    private final EnumMap<State, Behaviour> table = new EnumMap<>(State.class);
    private final EnumMap<Timer, TimerScheduler.Cancellable> running = new EnumMap<>(Timer.class);
    private State state = State.TRYING;
    private long timerE;

    NonInviteClientTransaction(TransactionContext ctx, String key, SipMessage request, SipFlow flow,
                               ClientTransactionListener listener) {
        super(ctx, key, request, flow, listener);
        Behaviour waiting = new Behaviour() {
            @Override
            public void response(SipMessage response) {
                if (response.statusCode() < 200) {
                    state = State.PROCEEDING;
                } else {
                    cancel(Timer.E);
                    cancel(Timer.F);
                    state = State.COMPLETED;
                    start(Timer.K, ctx.timers.timerIorK(flow().kind()));
                }
                listener.onResponse(NonInviteClientTransaction.this, response);
            }

            @Override
            public void timer(Timer timer) {
                if (timer == Timer.E) {
                    // section 17.1.2.2: doubling up to T2 while Trying, every T2 once Proceeding
                    resendRequest();
                    timerE = state == State.TRYING ? Math.min(2 * timerE, ctx.timers.t2()) : ctx.timers.t2();
                    start(Timer.E, timerE);
                } else if (timer == Timer.F) {
                    ctx.counters.clientTimeouts++;
                    terminate();
                    listener.onTimeout(NonInviteClientTransaction.this);
                }
            }
        };
        table.put(State.TRYING, waiting);
        table.put(State.PROCEEDING, waiting);
        table.put(State.COMPLETED, new Behaviour() {
            // response retransmissions are absorbed until Timer K
            @Override
            public void timer(Timer timer) {
                if (timer == Timer.K) {
                    terminate();
                }
            }
        });
        table.put(State.TERMINATED, new Behaviour() {
        });
    }

    public State state() {
        return state;
    }

    @Override
    void start() {
        sendRequest();
        if (!flow().kind().reliable()) {
            timerE = ctx.timers.t1();
            start(Timer.E, timerE);
        }
        start(Timer.F, ctx.timers.transactionTimeout());
    }

    @Override
    void onResponse(SipMessage response) {
        table.get(state).response(response);
    }

    @Override
    public boolean isTerminated() {
        return state == State.TERMINATED;
    }

    private void terminate() {
        running.values().forEach(TimerScheduler.Cancellable::cancel);
        running.clear();
        state = State.TERMINATED;
        terminated();
    }

    private void start(Timer timer, long delay) {
        running.put(timer, ctx.scheduler.schedule(delay, () -> {
            running.remove(timer);
            table.get(state).timer(timer);
        }));
    }

    private void cancel(Timer timer) {
        TimerScheduler.Cancellable c = running.remove(timer);
        if (c != null) {
            c.cancel();
        }
    }
}
