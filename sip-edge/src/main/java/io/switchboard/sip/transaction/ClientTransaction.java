package io.switchboard.sip.transaction;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transport.SipFlow;

/**
 * A client transaction (RFC 3261 section 17.1): sends a request, retransmits it on unreliable transports,
 * and hands responses to its listener. Every method runs on the core loop.
 */
public abstract class ClientTransaction {
    final TransactionContext ctx;
    final ClientTransactionListener listener;
    private final String key;
    private final SipMessage request;
    private final SipFlow flow;
    private final byte[] encoded;

    ClientTransaction(TransactionContext ctx, String key, SipMessage request, SipFlow flow,
                      ClientTransactionListener listener) {
        this.ctx = ctx;
        this.key = key;
        this.request = request;
        this.flow = flow;
        this.listener = listener;
        this.encoded = request.encode();
    }

    public SipMessage request() {
        return request;
    }

    public SipFlow flow() {
        return flow;
    }

    public String key() {
        return key;
    }

    public abstract boolean isTerminated();

    /** Sends the request for the first time and starts the timers. */
    abstract void start();

    abstract void onResponse(SipMessage response);

    final void sendRequest() {
        flow.send(encoded);
    }

    final void resendRequest() {
        ctx.counters.retransmissionsSent++;
        flow.send(encoded);
    }

    final void terminated() {
        ctx.layer.clientTerminated(this);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + request.method() + " " + request.callId() + " " + key + "]";
    }
}
