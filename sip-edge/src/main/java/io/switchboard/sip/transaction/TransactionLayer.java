package io.switchboard.sip.transaction;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transport.InboundListener;
import io.switchboard.sip.transport.ResponseRouter;
import io.switchboard.sip.transport.SipFlow;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches inbound messages to transactions (RFC 3261 section 17), creates server transactions for new
 * requests and client transactions for the TU's requests, and detects merged requests (section 8.2.2.2).
 * Confined to the core loop: no locks, plain maps.
 */
public final class TransactionLayer implements InboundListener {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionLayer.class);

    private final TransactionContext ctx;
    private final int maxServerTransactions;
    private final Map<String, ServerTransaction> server = new HashMap<>();
    private final Map<String, ClientTransaction> client = new HashMap<>();
    /** merge key of requests without a To tag -> server transaction key (section 8.2.2.2). */
    private final Map<String, String> merges = new HashMap<>();
    private final TransactionCounters counters = new TransactionCounters();

    public TransactionLayer(TimerScheduler scheduler, SipTimers timers, ResponseRouter router, TransactionUser tu,
                            int maxServerTransactions) {
        this.ctx = new TransactionContext(scheduler, timers, router, tu, counters, this);
        this.maxServerTransactions = maxServerTransactions;
    }

    /** True when a live transaction sends on {@code flow} (a scan: asked only for a connection idle for minutes). */
    public boolean usesFlow(SipFlow flow) {
        for (ServerTransaction t : server.values()) {
            if (t.flow() == flow) {
                return true;
            }
        }
        for (ClientTransaction t : client.values()) {
            if (t.flow() == flow) {
                return true;
            }
        }
        return false;
    }

    public TransactionCounters counters() {
        return counters;
    }

    public SipTimers timers() {
        return ctx.timers;
    }

    public TimerScheduler scheduler() {
        return ctx.scheduler;
    }

    @Override
    public void onMessage(SipMessage message, SipFlow flow) {
        if (message.isRequest()) {
            onRequest(message, flow);
        } else {
            onResponse(message, flow);
        }
    }

    private void onRequest(SipMessage request, SipFlow flow) {
        String key = TransactionKeys.server(request);
        ServerTransaction existing = server.get(key);
        boolean ack = "ACK".equals(request.method());
        if (existing != null) {
            if (ack && existing instanceof InviteServerTransaction invite) {
                invite.onAck(request);
            } else if (!ack) {
                existing.onRetransmission();
            }
            return;
        }
        if (ack) {
            // section 17.2.3: an ACK matching no transaction is for a 2xx; the TU (dialog) takes it
            ctx.tu.onAck(request, flow);
            return;
        }
        if (request.toTag() == null) {
            String merge = TransactionKeys.merge(request);
            String other = merges.get(merge);
            if (other != null && server.containsKey(other)) {
                // section 8.2.2.2: the same request arrived by another path; 482 (Loop Detected)
                counters.mergedRequests++;
                ctx.router.sendResponse(request.createResponse(482, "Loop Detected"), flow);
                return;
            }
            merges.put(merge, key);
        }
        if (server.size() >= maxServerTransactions) {
            counters.limitRejections++;
            LOG.warn("server transaction limit {} reached; 503 to {} {}", maxServerTransactions, request.method(),
                    request.callId());
            SipMessage busy = request.createResponse(503, "Service Unavailable");
            busy.setHeader("Retry-After", "5");
            ctx.router.sendResponse(busy, flow);
            return;
        }
        ServerTransaction tx;
        if ("INVITE".equals(request.method())) {
            InviteServerTransaction invite = new InviteServerTransaction(ctx, key, request, flow);
            tx = invite;
            server.put(key, tx);
            invite.start();
        } else {
            tx = new NonInviteServerTransaction(ctx, key, request, flow);
            server.put(key, tx);
        }
        counters.serverCreated++;
        counters.serverActive = server.size();
        ctx.tu.onRequest(tx, request);
    }

    private void onResponse(SipMessage response, SipFlow flow) {
        ClientTransaction tx = client.get(TransactionKeys.client(response));
        if (tx != null) {
            tx.onResponse(response);
            return;
        }
        counters.strayResponses++;
        ctx.tu.onStrayResponse(response, flow);
    }

    /** The INVITE server transaction a CANCEL refers to (RFC 3261 section 9.2), or null. */
    public InviteServerTransaction findCancelled(SipMessage cancel) {
        return server.get(TransactionKeys.cancelled(cancel)) instanceof InviteServerTransaction invite
                && !invite.isTerminated() ? invite : null;
    }

    /** Starts a client transaction for {@code request} on {@code flow}; the request must carry a fresh branch. */
    public ClientTransaction send(SipMessage request, SipFlow flow, ClientTransactionListener listener) {
        String key = TransactionKeys.client(request);
        ClientTransaction tx = "INVITE".equals(request.method())
                ? new InviteClientTransaction(ctx, key, request, flow, listener)
                : new NonInviteClientTransaction(ctx, key, request, flow, listener);
        client.put(key, tx);
        counters.clientCreated++;
        counters.clientActive = client.size();
        tx.start();
        return tx;
    }

    void serverTerminated(ServerTransaction tx) {
        server.remove(tx.key(), tx);
        if (tx.mergeKey() != null) {
            merges.remove(tx.mergeKey(), tx.key());
        }
        counters.serverActive = server.size();
    }

    void clientTerminated(ClientTransaction tx) {
        client.remove(tx.key(), tx);
        counters.clientActive = client.size();
    }

    public int serverCount() {
        return server.size();
    }

    public int clientCount() {
        return client.size();
    }
}
