package io.switchboard.sip.transport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what the transports saw; written from any I/O thread, read by the metrics snapshot. */
public final class TrafficCounters {
    final LongAdder received = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder sendFailures = new LongAdder();
    final LongAdder rejected400 = new LongAdder();
    final LongAdder dropped = new LongAdder();
    /** Refused requests that had a verdict to send but came from a source we do not answer. */
    final LongAdder unansweredUntrusted = new LongAdder();
    final LongAdder oversized = new LongAdder();
    final LongAdder keepalives = new LongAdder();
    final LongAdder shed503 = new LongAdder();
    final LongAdder connectionsAccepted = new LongAdder();
    final LongAdder connectionsClosedForFraming = new LongAdder();
    final LongAdder connectionsClosedIdle = new LongAdder();
    final LongAdder connectionsClosedNoRequest = new LongAdder();

    public long dropped() {
        return dropped.sum();
    }

    public long rejected() {
        return rejected400.sum();
    }

    public long received() {
        return received.sum();
    }

    /** Metric name to value, names in Prometheus style without the module prefix. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        m.put("messages_received_total", received.sum());
        m.put("messages_sent_total", sent.sum());
        m.put("send_failures_total", sendFailures.sum());
        m.put("parse_rejected_400_total", rejected400.sum());
        m.put("parse_dropped_total", dropped.sum());
        m.put("parse_unanswered_untrusted_total", unansweredUntrusted.sum());
        m.put("oversized_dropped_total", oversized.sum());
        m.put("keepalives_total", keepalives.sum());
        m.put("load_shed_503_total", shed503.sum());
        m.put("tcp_connections_accepted_total", connectionsAccepted.sum());
        m.put("tcp_connections_closed_framing_total", connectionsClosedForFraming.sum());
        m.put("tcp_connections_closed_idle_total", connectionsClosedIdle.sum());
        m.put("tcp_connections_closed_no_request_total", connectionsClosedNoRequest.sum());
        return m;
    }
}
