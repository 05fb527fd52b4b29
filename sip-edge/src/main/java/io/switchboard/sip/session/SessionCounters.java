package io.switchboard.sip.session;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Call and request counters of the session layer; written on the core loop, read by snapshots. */
public final class SessionCounters {
    volatile long inboundCalls;
    volatile long outboundCalls;
    volatile long answered;
    volatile long rejected;
    volatile long cancelled;
    volatile long active;
    volatile long ackTimeouts;
    volatile long unknownSource;
    volatile long challenges;
    volatile long authFailures;
    volatile long authReplays;
    /** Written on the core loop only; snapshot copies under the object's monitor. */
    private final Map<String, Long> requestsByMethod = new HashMap<>();
    private final Map<Integer, Long> responsesByCode = new HashMap<>();

    synchronized void request(String method) {
        String key = method.length() > 16 ? "OTHER" : method;
        if (requestsByMethod.size() > 32 && !requestsByMethod.containsKey(key)) {
            key = "OTHER"; // unknown methods from scanners must not grow the map without bound
        }
        requestsByMethod.merge(key, 1L, Long::sum);
    }

    synchronized void response(int code) {
        responsesByCode.merge(code, 1L, Long::sum);
    }

    public long active() {
        return active;
    }

    public synchronized Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        m.put("calls_inbound_total", inboundCalls);
        m.put("calls_outbound_total", outboundCalls);
        m.put("calls_answered_total", answered);
        m.put("calls_rejected_total", rejected);
        m.put("calls_cancelled_total", cancelled);
        m.put("calls_active", active);
        m.put("calls_ack_timeout_total", ackTimeouts);
        m.put("requests_unknown_source_total", unknownSource);
        m.put("auth_challenges_total", challenges);
        m.put("auth_failures_total", authFailures);
        m.put("auth_replays_total", authReplays);
        requestsByMethod.forEach((k, v) -> m.put("requests_total{method=\"" + k + "\"}", v));
        responsesByCode.forEach((k, v) -> m.put("responses_sent_total{code=\"" + k + "\"}", v));
        return m;
    }
}
