package io.switchboard.sip.transaction;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transport.SipFlow;

/**
 * A server transaction (RFC 3261 section 17.2): owns the request, absorbs its retransmissions and repeats
 * the last response. Every method runs on the core loop.
 */
public abstract class ServerTransaction {
    final TransactionContext ctx;
    private final String key;
    private final String callId;
    private final String method;
    /** Merge key (section 8.2.2.2) when the request had no To tag, else null. */
    private final String mergeKey;
    /** Dropped once a final response is sent: retransmissions need only the encoded response. */
    private SipMessage request;
    private final SipFlow flow;
    private SipFlow responseFlow;
    private byte[] lastResponse;
    private int lastStatus;

    ServerTransaction(TransactionContext ctx, String key, SipMessage request, SipFlow flow) {
        this.ctx = ctx;
        this.key = key;
        this.request = request;
        this.callId = request.callId();
        this.method = request.method();
        this.mergeKey = request.toTag() == null ? TransactionKeys.merge(request) : null;
        this.flow = flow;
    }

    /**
     * The request, while the transaction can still respond to it from the TU. After a final response it is
     * released (null) so that transactions lingering for Timers J/L hold only bytes, not parsed messages.
     */
    public SipMessage request() {
        return request;
    }

    public String callId() {
        return callId;
    }

    public String method() {
        return method;
    }

    String mergeKey() {
        return mergeKey;
    }

    /** The flow the request arrived on. */
    public SipFlow flow() {
        return flow;
    }

    public String key() {
        return key;
    }

    /** The status of the last response sent, 0 before any. */
    public int lastStatus() {
        return lastStatus;
    }

    /** True once a final response (>= 200) was sent. */
    public boolean hasFinalResponse() {
        return lastStatus >= 200;
    }

    /**
     * Sends a response from the TU. Returns false (and sends nothing) when the state does not allow it, for
     * example a second final response after a non-2xx.
     */
    public abstract boolean respond(SipMessage response);

    public abstract boolean isTerminated();

    abstract void onRetransmission();

    /** Sends and remembers a response for retransmission; a final response releases the request. */
    final void transmit(SipMessage response) {
        lastStatus = response.statusCode();
        if (lastStatus >= 200) {
            request = null;
        }
        byte[] encoded = response.encode();
        if (responseFlow == null || !flow.kind().reliable()) {
            responseFlow = ctx.router.responseFlow(response, flow);
        }
        lastResponse = encoded;
        if (responseFlow != null) {
            responseFlow.send(encoded);
        }
    }

    /** Repeats the last response, if any. */
    final void retransmitLast() {
        if (lastResponse != null && responseFlow != null) {
            ctx.counters.retransmissionsSent++;
            responseFlow.send(lastResponse);
        }
    }

    final void terminated() {
        ctx.layer.serverTerminated(this);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + method + " " + callId + " " + key + "]";
    }
}
