package io.switchboard.sip.security;

import io.switchboard.sip.api.SecurityEvent;
import io.switchboard.sip.api.SecurityEventListener;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transport.SipFlow;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the edge's defences report what they refused: one line per event on the logger
 * {@code io.switchboard.sip.security} (a fixed {@code key=value} shape that a fail2ban filter reads, kept apart
 * from the other logs so an operator can route it), a counter per type for /metrics, and the listener (the
 * server's JSON-lines stream). Called on the core loop; the counters are read from any thread.
 */
public final class SecurityLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.switchboard.sip.security");

    private final LongSupplier clockMillis;
    private final SecurityEventListener listener;
    private final Map<SecurityEvent.Type, LongAdder> counts = new EnumMap<>(SecurityEvent.Type.class);

    public SecurityLog(LongSupplier clockMillis, SecurityEventListener listener) {
        this.clockMillis = clockMillis;
        this.listener = listener;
        for (SecurityEvent.Type t : SecurityEvent.Type.values()) {
            counts.put(t, new LongAdder());
        }
    }

    /** An event about {@code request} as it arrived on {@code flow}. */
    public void request(SecurityEvent.Type type, SipMessage request, SipFlow flow, String user, String detail) {
        InetSocketAddress remote = flow.remote();
        emit(new SecurityEvent(Instant.ofEpochMilli(clockMillis.getAsLong()), type,
                remote.getAddress().getHostAddress(), remote.getPort(), flow.kind().name().toLowerCase(Locale.ROOT),
                request.method(), request.callId(), user, detail));
    }

    /** An event about a message that is no request we could read (a malformed one): what of it could be read. */
    public void message(SecurityEvent.Type type, SipFlow flow, String method, String callId, String detail) {
        InetSocketAddress remote = flow.remote();
        emit(new SecurityEvent(Instant.ofEpochMilli(clockMillis.getAsLong()), type,
                remote.getAddress().getHostAddress(), remote.getPort(), flow.kind().name().toLowerCase(Locale.ROOT),
                method, callId, null, detail));
    }

    /** An event about a source as a whole (a ban): no port or transport. */
    public void source(SecurityEvent.Type type, InetAddress ip, String detail) {
        emit(new SecurityEvent(Instant.ofEpochMilli(clockMillis.getAsLong()), type, ip.getHostAddress(), 0, "-",
                null, null, null, detail));
    }

    private void emit(SecurityEvent e) {
        counts.get(e.type()).increment();
        // values a peer chose (Call-ID, user, User-Agent) are quoted with quotes and controls removed, so a line
        // cannot be forged into looking like another source's
        LOG.warn("security event={} source={} port={} transport={} method={} call_id={} user={} detail={}",
                e.type().wireName(), e.source(), e.port(), e.transport(), safe(e.method()), quoted(e.callId()),
                quoted(e.user()), quoted(e.detail()));
        try {
            listener.onEvent(e);
        } catch (RuntimeException ex) {
            LOG.error("security event listener failed", ex);
        }
    }

    /** security_events_total by type, for /metrics. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((t, n) -> m.put("security_events_total{type=\"" + t.wireName() + "\"}", n.sum()));
        return m;
    }

    private static String safe(String token) {
        return token == null ? "-" : token.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A peer-chosen value for the log line: quoted, with quotes, backslashes and controls replaced, at most 200 characters. */
    public static String quoted(String text) {
        if (text == null) {
            return "-";
        }
        String clean = text.replaceAll("[\\p{Cntrl}\"\\\\]", "_");
        return "\"" + (clean.length() > 200 ? clean.substring(0, 200) : clean) + "\"";
    }
}
