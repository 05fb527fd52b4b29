package io.switchboard.sip.transaction;

import java.util.Map;
import java.util.TreeMap;

/** Transaction-layer counters; written only on the core loop, read by snapshots through volatile longs. */
public final class TransactionCounters {
    volatile long serverCreated;
    volatile long clientCreated;
    volatile long serverActive;
    volatile long clientActive;
    volatile long retransmissionsAbsorbed;
    volatile long retransmissionsSent;
    volatile long clientTimeouts;
    volatile long ackTimeouts;
    volatile long mergedRequests;
    volatile long limitRejections;
    volatile long strayResponses;

    public long serverActive() {
        return serverActive;
    }

    public long clientActive() {
        return clientActive;
    }

    public long retransmissionsSent() {
        return retransmissionsSent;
    }

    public long retransmissionsAbsorbed() {
        return retransmissionsAbsorbed;
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        m.put("server_transactions_created_total", serverCreated);
        m.put("client_transactions_created_total", clientCreated);
        m.put("server_transactions_active", serverActive);
        m.put("client_transactions_active", clientActive);
        m.put("retransmissions_absorbed_total", retransmissionsAbsorbed);
        m.put("retransmissions_sent_total", retransmissionsSent);
        m.put("client_transaction_timeouts_total", clientTimeouts);
        m.put("ack_timeouts_total", ackTimeouts);
        m.put("merged_requests_total", mergedRequests);
        m.put("transaction_limit_rejections_total", limitRejections);
        m.put("stray_responses_total", strayResponses);
        return m;
    }
}
