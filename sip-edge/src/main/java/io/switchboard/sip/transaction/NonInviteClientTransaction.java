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
    private final RunningTimers<Timer> running;
    private State state = State.TRYING;
    private long timerE;

    NonInviteClientTransaction(TransactionContext ctx, String key, SipMessage request, SipFlow flow,
                               ClientTransactionListener listener) {
        super(ctx, key, request, flow, listener);
        running = new RunningTimers<>(Timer.class, ctx.scheduler, timer -> table.get(state).timer(timer));
        Behaviour waiting = new Behaviour() {
            @Override
            public void response(SipMessage response) {
                if (response.statusCode() < 200) {
                    state = State.PROCEEDING;
                } else {
                    running.cancel(Timer.E);
                    running.cancel(Timer.F);
                    state = State.COMPLETED;
                    running.start(Timer.K, ctx.timers.timerIorK(flow().kind()));
                }
                listener.onResponse(NonInviteClientTransaction.this, response);
            }

            @Override
            public void timer(Timer timer) {
                if (timer == Timer.E) {
                    // section 17.1.2.2: doubling up to T2 while Trying, every T2 once Proceeding
                    resendRequest();
                    timerE = state == State.TRYING ? Math.min(2 * timerE, ctx.timers.t2()) : ctx.timers.t2();
                    running.start(Timer.E, timerE);
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
            running.start(Timer.E, timerE);
        }
        running.start(Timer.F, ctx.timers.transactionTimeout());
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
        running.cancelAll();
        state = State.TERMINATED;
        terminated();
    }
}
