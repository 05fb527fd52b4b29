package io.switchboard.sip.transaction;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transport.SipFlow;
import java.util.EnumMap;

/**
 * The INVITE server transaction of RFC 3261 section 17.2.1 with RFC 6026's Accepted state: a 2xx moves it
 * to Accepted (Timer L) instead of ending it, so INVITE retransmissions are still absorbed and the TU's 2xx
 * retransmissions still go out through it until the ACK arrives.
 */
public final class InviteServerTransaction extends ServerTransaction {
    /** Section 17.2.1 figure 7 states, plus Accepted from RFC 6026 section 7.1. */
    public enum State { PROCEEDING, COMPLETED, CONFIRMED, ACCEPTED, TERMINATED }

    private enum Timer { G, H, I, L }

    /** What a state does with each event; the defaults ignore it. */
    private interface Behaviour {
        default void retransmission() {
        }

        default boolean tuResponse(SipMessage response) {
            return false;
        }

        default void ack(SipMessage ack) {
        }

        default void timer(Timer timer) {
        }
    }

    private final EnumMap<State, Behaviour> table = new EnumMap<>(State.class);
    private final RunningTimers<Timer> running;
    private State state = State.PROCEEDING;
    private long timerG;

    InviteServerTransaction(TransactionContext ctx, String key, SipMessage request, SipFlow flow) {
        super(ctx, key, request, flow);
        running = new RunningTimers<>(Timer.class, ctx.scheduler, timer -> table.get(state).timer(timer));
        table.put(State.PROCEEDING, new Behaviour() {
            @Override
            public void retransmission() {
                // section 17.2.1: repeat the most recent provisional response
                retransmitLast();
            }

            @Override
            public boolean tuResponse(SipMessage response) {
                int code = response.statusCode();
                transmit(response);
                if (code >= 200 && code < 300) {
                    enterAccepted();
                } else if (code >= 300) {
                    enterCompleted();
                }
                return true;
            }
        });
        table.put(State.COMPLETED, new Behaviour() {
            @Override
            public void retransmission() {
                retransmitLast();
            }

            @Override
            public void ack(SipMessage ack) {
                running.cancel(Timer.G);
                running.cancel(Timer.H);
                state = State.CONFIRMED;
                running.start(Timer.I, ctx.timers.timerIorK(flow().kind()));
            }

            @Override
            public void timer(Timer timer) {
                if (timer == Timer.G) {
                    // section 17.2.1: retransmit, doubling up to T2
                    retransmitLast();
                    timerG = Math.min(2 * timerG, ctx.timers.t2());
                    running.start(Timer.G, timerG);
                } else if (timer == Timer.H) {
                    ctx.counters.ackTimeouts++;
                    terminate();
                    ctx.tu.onAckTimeout(InviteServerTransaction.this);
                }
            }
        });
        table.put(State.CONFIRMED, new Behaviour() {
            // section 17.2.1: the Confirmed state absorbs ACK retransmissions until Timer I
            @Override
            public void timer(Timer timer) {
                if (timer == Timer.I) {
                    terminate();
                }
            }
        });
        table.put(State.ACCEPTED, new Behaviour() {
            // RFC 6026 section 7.1: INVITE retransmissions are absorbed here, the TU retransmits the 2xx
            @Override
            public boolean tuResponse(SipMessage response) {
                int code = response.statusCode();
                if (code < 200 || code >= 300) {
                    return false;
                }
                ctx.counters.retransmissionsSent++;
                transmit(response);
                return true;
            }

            @Override
            public void ack(SipMessage ack) {
                ctx.tu.onAck(ack, flow());
            }

            @Override
            public void timer(Timer timer) {
                if (timer == Timer.L) {
                    terminate();
                }
            }
        });
        table.put(State.TERMINATED, new Behaviour() {
        });
    }

    /** Section 17.2.1: 100 Trying at once, so the client stops retransmitting the INVITE. */
    void start() {
        transmit(request().createResponse(100, "Trying"));
    }

    public State state() {
        return state;
    }

    @Override
    public boolean respond(SipMessage response) {
        return table.get(state).tuResponse(response);
    }

    @Override
    public boolean isTerminated() {
        return state == State.TERMINATED;
    }

    @Override
    void onRetransmission() {
        ctx.counters.retransmissionsAbsorbed++;
        table.get(state).retransmission();
    }

    void onAck(SipMessage ack) {
        table.get(state).ack(ack);
    }

    private void enterAccepted() {
        state = State.ACCEPTED;
        running.start(Timer.L, ctx.timers.transactionTimeout());
    }

    private void enterCompleted() {
        state = State.COMPLETED;
        if (!flow().kind().reliable()) {
            timerG = ctx.timers.t1();
            running.start(Timer.G, timerG);
        }
        running.start(Timer.H, ctx.timers.transactionTimeout());
    }

    private void terminate() {
        running.cancelAll();
        state = State.TERMINATED;
        terminated();
    }
}
