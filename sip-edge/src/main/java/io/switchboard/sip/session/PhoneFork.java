package io.switchboard.sip.session;

import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.CallLegListener.Party;
import io.switchboard.sip.api.CallState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call to an agent's SIP phone: every contact the agent registered is rung at once, one {@link OutboundLeg}
 * per contact, as a forking proxy does (RFC 3261 sections 16.6 and 16.7). The first 2xx wins, the other branches
 * are cancelled (section 16.7 step 10) and a late 2xx is ended with a BYE; a 6xx cancels the rest (step 5);
 * when every branch failed the best final response is reported (step 6). No binding at all is a 480.
 * Core loop only, apart from the volatile fields the {@link CallLeg} getters read.
 */
final class PhoneFork implements CallLeg {
    private static final Logger LOG = LoggerFactory.getLogger(PhoneFork.class);
    private static final CallLegListener NO_LISTENER = new CallLegListener() {
    };

    private final SessionLayer session;
    private final String id;
    private final String trunk;
    private final String username;
    private final String callerId;
    private final String callerName;
    private final List<OutboundLeg> branches = new ArrayList<>();
    private volatile CallLegListener listener = NO_LISTENER;
    private volatile OutboundLeg winner;
    private volatile CallState state = CallState.INITIAL;
    private volatile String callId;
    private int live;
    private boolean cancelling;
    private boolean ended;
    private int bestCode;
    private String bestReason;

    PhoneFork(SessionLayer session, String id, String trunk, String username, String callerId, String callerName) {
        this.session = session;
        this.id = id;
        this.trunk = trunk;
        this.username = username;
        this.callerId = callerId;
        this.callerName = callerName;
        this.callId = id;
    }

    /** Core loop: one branch per registered contact, all started now. */
    void start(List<String> contacts, java.util.function.BiFunction<String, String, OutboundLeg> branchTo) {
        if (contacts.isEmpty()) {
            LOG.info("call leg {}: {} has no registered phone", id, username);
            finish(480, "Temporarily Unavailable");
            return;
        }
        for (int i = 0; i < contacts.size(); i++) {
            OutboundLeg branch = branchTo.apply(id + "." + (i + 1), contacts.get(i));
            branch.setListener(new Branch(branch));
            branches.add(branch);
        }
        callId = branches.get(0).callId();
        live = branches.size();
        LOG.info("call leg {}: ringing {} at {}", id, username, contacts);
        for (OutboundLeg branch : List.copyOf(branches)) {
            branch.start();
        }
    }

    /** The events of one branch, weighed against the others. */
    private final class Branch implements CallLegListener {
        private final OutboundLeg leg;

        Branch(OutboundLeg leg) {
            this.leg = leg;
        }

        @Override
        public void onRinging() {
            ringing();
        }

        @Override
        public void onEarlyMedia(String sdp) {
            // which branch's early media to play is ambiguous while several ring: the caller hears our ringback
            ringing();
        }

        @Override
        public void onAnswered(String sdp) {
            if (winner != null || cancelling || ended) {
                leg.hangUp(); // a second answer, or one after we gave up: BYE (section 16.7 step 10's aftermath)
                return;
            }
            winner = leg;
            callId = leg.callId();
            state = CallState.ANSWERED;
            cancelOthers();
            notifyListener("answered", l -> l.onAnswered(sdp));
        }

        @Override
        public void onFailed(int statusCode, String reason) {
            if (better(statusCode)) {
                bestCode = statusCode;
                bestReason = reason;
            }
            if (statusCode >= 600 && winner == null) {
                cancelOthers(); // section 16.7 step 5: a global failure ends the search
            }
        }

        @Override
        public CompletionStage<String> onRemoteOffer(String offerSdp) {
            return leg == winner ? listener.onRemoteOffer(offerSdp) : CompletableFuture.completedFuture(null);
        }

        @Override
        public void onRemoteOfferWithdrawn(String remoteSdp) {
            if (leg == winner) {
                notifyListener("offer withdrawn", l -> l.onRemoteOfferWithdrawn(remoteSdp));
            }
        }

        @Override
        public void onRenegotiated(String answerSdp) {
            if (leg == winner) {
                notifyListener("renegotiated", l -> l.onRenegotiated(answerSdp));
            }
        }

        @Override
        public void onRenegotiationFailed(int statusCode) {
            if (leg == winner) {
                notifyListener("renegotiation failed", l -> l.onRenegotiationFailed(statusCode));
            }
        }

        @Override
        public void onEnded(Party who, String why) {
            live--;
            if (leg == winner) {
                end(who, why);
            } else if (winner == null && live == 0) {
                if (cancelling && bestCode < 600) {
                    end(Party.LOCAL, "CANCEL");
                } else {
                    finish(bestCode == 0 ? 408 : bestCode, bestCode == 0 ? "Request Timeout" : bestReason);
                }
            }
        }
    }

    /**
     * Section 16.7 step 6, simplified: a 6xx beats everything, then the lowest class; within 4xx a busy or
     * a decline says more than a timeout.
     */
    private boolean better(int code) {
        if (bestCode == 0) {
            return true;
        }
        if (code >= 600 || bestCode >= 600) {
            return code >= 600 && bestCode < 600;
        }
        if (code / 100 != bestCode / 100) {
            return code / 100 < bestCode / 100;
        }
        return bestCode == 408 && code != 408;
    }

    private void ringing() {
        if (state == CallState.INITIAL && winner == null) {
            state = CallState.RINGING;
            notifyListener("ringing", CallLegListener::onRinging);
        }
    }

    private void cancelOthers() {
        for (OutboundLeg branch : branches) {
            if (branch != winner) {
                branch.hangUp();
            }
        }
    }

    private void finish(int code, String reason) {
        if (ended) {
            return;
        }
        notifyListener("failed", l -> l.onFailed(code, reason));
        end(Party.REMOTE, "failed " + code + (reason == null ? "" : " " + reason));
    }

    private void end(Party who, String why) {
        if (ended) {
            return;
        }
        ended = true;
        state = CallState.ENDED;
        LOG.info("call leg {} end: {} {}", id, who, why);
        notifyListener("end", l -> l.onEnded(who, why));
    }

    private void notifyListener(String what, java.util.function.Consumer<CallLegListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.error("listener of leg {} failed on {}", id, what, e);
        }
    }

    @Override
    public void hangUp() {
        session.execute(() -> {
            OutboundLeg answered = winner;
            if (answered != null) {
                answered.hangUp();
            } else if (!ended) {
                cancelling = true;
                branches.forEach(OutboundLeg::hangUp);
            }
        });
    }

    @Override
    public void reOffer(String sdp) {
        Objects.requireNonNull(sdp, "sdp");
        session.execute(() -> {
            OutboundLeg answered = winner;
            if (answered != null && !ended) {
                answered.reOffer(sdp);
            } else {
                notifyListener("renegotiation failed", l -> l.onRenegotiationFailed(491));
            }
        });
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public Direction direction() {
        return Direction.OUTBOUND;
    }

    @Override
    public String trunk() {
        return trunk;
    }

    @Override
    public String caller() {
        return callerId;
    }

    @Override
    public String callerName() {
        return callerName;
    }

    @Override
    public String called() {
        return username;
    }

    @Override
    public String remoteSdp() {
        OutboundLeg answered = winner;
        return answered == null ? null : answered.remoteSdp();
    }

    @Override
    public CallState state() {
        return state;
    }

    @Override
    public void setListener(CallLegListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public String toString() {
        return "PhoneFork[" + id + " " + username + " " + state + "]";
    }
}
