package io.switchboard.sip.transaction;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transport.SipFlow;
import java.util.EnumMap;

/** The non-INVITE server transaction of RFC 3261 section 17.2.2 (figure 8). */
public final class NonInviteServerTransaction extends ServerTransaction {
    public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    /** What a state does with each event; the defaults ignore it. */
    private interface Behaviour {
        default void retransmission() {
        }

        default boolean tuResponse(SipMessage response) {
            return false;
        }

        default void timerJ() {
        }
    }

    private final EnumMap<State, Behaviour> table = new EnumMap<>(State.class);
    private State state = State.TRYING;

    NonInviteServerTransaction(TransactionContext ctx, String key, SipMessage request, SipFlow flow) {
        super(ctx, key, request, flow);
        Behaviour acceptResponse = new Behaviour() {
            @Override
            public void retransmission() {
                // Trying has nothing to repeat yet; Proceeding repeats its provisional response
                retransmitLast();
            }

            @Override
            public boolean tuResponse(SipMessage response) {
                transmit(response);
                if (response.statusCode() >= 200) {
                    state = State.COMPLETED;
                    long j = ctx.timers.timerJ(flow().kind());
                    ctx.scheduler.schedule(j, () -> table.get(state).timerJ());
                } else {
                    state = State.PROCEEDING;
                }
                return true;
            }
        };
        table.put(State.TRYING, acceptResponse);
        table.put(State.PROCEEDING, acceptResponse);
        table.put(State.COMPLETED, new Behaviour() {
            @Override
            public void retransmission() {
                retransmitLast();
            }

            @Override
            public void timerJ() {
                state = State.TERMINATED;
                terminated();
            }
        });
        table.put(State.TERMINATED, new Behaviour() {
        });
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
}
