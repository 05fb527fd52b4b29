package io.switchboard.sip.transaction;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transport.SipFlow;
import java.util.EnumMap;

/**
 * The INVITE client transaction of RFC 3261 section 17.1.1 (figure 5) with RFC 6026's Accepted state: a
 * 2xx keeps the transaction alive (Timer M) so 2xx retransmissions, from this or other forks, reach the
 * TU, which ACKs them itself (section 13.2.2.4). A non-2xx final response is ACKed here.
 */
public final class InviteClientTransaction extends ClientTransaction {
    public enum State { CALLING, PROCEEDING, COMPLETED, ACCEPTED, TERMINATED }

    private enum Timer { A, B, D, M }

    /** What a state does with each event; the defaults ignore it. */
    private interface Behaviour {
        default void response(SipMessage response) {
        }

        default void timer(Timer timer) {
        }
    }

    private final EnumMap<State, Behaviour> table = new EnumMap<>(State.class);
    private final RunningTimers<Timer> running;
    private State state = State.CALLING;
    private long timerA;
    private byte[] ack;

    InviteClientTransaction(TransactionContext ctx, String key, SipMessage request, SipFlow flow,
                            ClientTransactionListener listener) {
        super(ctx, key, request, flow, listener);
        running = new RunningTimers<>(Timer.class, ctx.scheduler, timer -> table.get(state).timer(timer));
        Behaviour waiting = new Behaviour() {
            @Override
            public void response(SipMessage response) {
                int code = response.statusCode();
                running.cancel(Timer.A);
                running.cancel(Timer.B);
                if (code < 200) {
                    state = State.PROCEEDING;
                } else if (code < 300) {
                    state = State.ACCEPTED;
                    running.start(Timer.M, ctx.timers.transactionTimeout());
                } else {
                    state = State.COMPLETED;
                    sendAck(response);
                    running.start(Timer.D, ctx.timers.timerD(flow().kind()));
                }
                listener.onResponse(InviteClientTransaction.this, response);
            }

            @Override
            public void timer(Timer timer) {
                if (timer == Timer.A && state == State.CALLING) {
                    // section 17.1.1.2: retransmit, doubling the interval each time (no T2 cap for INVITE)
                    resendRequest();
                    timerA *= 2;
                    running.start(Timer.A, timerA);
                } else if (timer == Timer.B && state == State.CALLING) {
                    ctx.counters.clientTimeouts++;
                    terminate();
                    listener.onTimeout(InviteClientTransaction.this);
                }
            }
        };
        table.put(State.CALLING, waiting);
        table.put(State.PROCEEDING, waiting);
        table.put(State.COMPLETED, new Behaviour() {
            @Override
            public void response(SipMessage response) {
                // a retransmitted final response: ACK again, do not tell the TU twice
                if (response.statusCode() >= 300 && ack != null) {
                    ctx.counters.retransmissionsSent++;
                    flow().send(ack);
                }
            }

            @Override
            public void timer(Timer timer) {
                if (timer == Timer.D) {
                    terminate();
                }
            }
        });
        table.put(State.ACCEPTED, new Behaviour() {
            @Override
            public void response(SipMessage response) {
                int code = response.statusCode();
                if (code >= 200 && code < 300) {
                    listener.onResponse(InviteClientTransaction.this, response);
                }
            }

            @Override
            public void timer(Timer timer) {
                if (timer == Timer.M) {
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
            timerA = ctx.timers.t1();
            running.start(Timer.A, timerA);
        }
        running.start(Timer.B, ctx.timers.transactionTimeout());
    }

    @Override
    void onResponse(SipMessage response) {
        table.get(state).response(response);
    }

    @Override
    public boolean isTerminated() {
        return state == State.TERMINATED;
    }

    private void sendAck(SipMessage response) {
        ack = request().createAckForNon2xx(response).encode();
        flow().send(ack);
    }

    private void terminate() {
        running.cancelAll();
        state = State.TERMINATED;
        terminated();
    }
}
