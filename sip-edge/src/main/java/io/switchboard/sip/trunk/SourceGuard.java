package io.switchboard.sip.trunk;

import io.switchboard.sip.api.SecurityEvent;
import io.switchboard.sip.api.SecurityEventListener;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.security.SecurityLog;
import io.switchboard.sip.transport.InboundListener;
import io.switchboard.sip.transport.SipFlow;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First line of defence in front of the transaction layer: silently drops requests from banned sources, from
 * scanner user agents, and beyond a per-source token bucket. Sources inside a trunk's networks are trusted and
 * only the scanner check applies to them. Offences of an untrusted source (failed authentications, scanner
 * requests, requests refused as from no trunk, malformed requests) ban it once there are enough of them.
 * Scanners, malformed requests and bans are security events. Confined to the core loop; the per-source table is bounded.
 */
public final class SourceGuard implements InboundListener {
    private static final Logger LOG = LoggerFactory.getLogger(SourceGuard.class);
    /** Tools that probe SIP servers for open relays and weak passwords; real trunks never send these. */
    private static final List<String> SCANNERS = List.of("friendly-scanner", "sipvicious", "sipcli", "sip-scan",
            "sipscan", "iwar", "sundayddr", "vaxsipuseragent", "pplsip", "smap", "sipsak", "nmap");
    private static final int MAX_SOURCES = 100_000;

    /** Limits for untrusted sources. */
    public record Policy(double requestsPerSecond, double burst, int authFailuresToBan, long banMillis) {
    }

    private final TrunkTable trunks;
    private final InboundListener next;
    private final Policy policy;
    private final LongSupplier clockMillis;
    private final Map<InetAddress, Source> sources = new HashMap<>();
    private final LongAdder scannerDrops = new LongAdder();
    private final LongAdder rateDrops = new LongAdder();
    private final LongAdder bannedDrops = new LongAdder();
    private final LongAdder bans = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final SecurityLog security;

    /** Per-source state: a token bucket and authentication failures. */
    private static final class Source {
        double tokens;
        long refilledAt;
        /** Failed authentications, scanner requests and refused requests since the last ban. */
        int offences;
        long bannedUntil;
        long lastSeen;
    }

    public SourceGuard(TrunkTable trunks, Policy policy, LongSupplier clockMillis, InboundListener next) {
        this(trunks, policy, clockMillis, next, new SecurityLog(clockMillis, SecurityEventListener.NONE));
    }

    public SourceGuard(TrunkTable trunks, Policy policy, LongSupplier clockMillis, InboundListener next,
                       SecurityLog security) {
        this.trunks = trunks;
        this.policy = policy;
        this.clockMillis = clockMillis;
        this.next = next;
        this.security = security;
    }

    @Override
    public void onMessage(SipMessage message, SipFlow flow) {
        if (message.isRequest()) {
            InetAddress ip = flow.remote().getAddress();
            boolean trusted = trunks.matchInbound(ip) != null;
            if (!trusted && banned(ip)) {
                return;
            }
            String userAgent = message.header("User-Agent");
            if (isScanner(userAgent)) {
                scannerDrops.increment();
                security.request(SecurityEvent.Type.SCANNER, message, flow, null, userAgent);
                if (!trusted) {
                    offence(ip, "scanner requests");
                }
                return;
            }
            if (!trusted && !admit(ip)) {
                return;
            }
        }
        next.onMessage(message, flow);
    }

    /**
     * A message the parser refused: a security event, unless the source is banned or beyond its rate (a flood of
     * garbage must not become a flood of log lines); from an untrusted source it is also an offence.
     */
    @Override
    public void onMalformed(SipFlow flow, String method, String callId, String problem) {
        InetAddress ip = flow.remote().getAddress();
        boolean trusted = trunks.matchInbound(ip) != null;
        if (!trusted && (banned(ip) || !admit(ip))) {
            return;
        }
        malformed.increment();
        security.message(SecurityEvent.Type.MALFORMED, flow, method, callId, problem);
        if (!trusted) {
            offence(ip, "malformed requests");
        }
        next.onMalformed(flow, method, callId, problem);
    }

    /** Records a failed digest authentication; enough offences ban the source. */
    public void authenticationFailed(InetAddress ip) {
        offence(ip, "failed authentications");
    }

    /** Records a request refused as from no trunk; enough offences ban the source. */
    public void refused(InetAddress ip) {
        offence(ip, "requests from no trunk");
    }

    private void offence(InetAddress ip, String what) {
        long now = clockMillis.getAsLong();
        Source s = source(ip, now);
        s.offences++;
        if (s.offences >= policy.authFailuresToBan() && s.bannedUntil <= now) {
            s.bannedUntil = now + policy.banMillis();
            s.offences = 0;
            bans.increment();
            security.source(SecurityEvent.Type.BANNED, ip, "banned for " + policy.banMillis() / 1000 + " s after "
                    + policy.authFailuresToBan() + " offences, the last of them " + what);
        }
    }

    private boolean banned(InetAddress ip) {
        Source s = sources.get(ip);
        if (s != null && s.bannedUntil > clockMillis.getAsLong()) {
            bannedDrops.increment();
            return true;
        }
        return false;
    }

    private boolean admit(InetAddress ip) {
        long now = clockMillis.getAsLong();
        Source s = source(ip, now);
        s.tokens = Math.min(policy.burst(), s.tokens + (now - s.refilledAt) * policy.requestsPerSecond() / 1000.0);
        s.refilledAt = now;
        if (s.tokens < 1) {
            rateDrops.increment();
            return false;
        }
        s.tokens -= 1;
        return true;
    }

    private Source source(InetAddress ip, long now) {
        Source s = sources.get(ip);
        if (s == null) {
            if (sources.size() >= MAX_SOURCES) {
                evictIdle(now);
            }
            s = new Source();
            s.tokens = policy.burst();
            s.refilledAt = now;
            sources.put(ip, s);
        }
        s.lastSeen = now;
        return s;
    }

    /** Forgets sources idle for a minute and not banned; a spoofed-source flood cannot grow the table forever. */
    private void evictIdle(long now) {
        Iterator<Source> it = sources.values().iterator();
        while (it.hasNext()) {
            Source s = it.next();
            if (s.bannedUntil <= now && now - s.lastSeen > 60_000) {
                it.remove();
            }
        }
        if (sources.size() >= MAX_SOURCES) {
            sources.clear(); // everything is fresh: start over rather than grow
        }
    }

    static boolean isScanner(String userAgent) {
        if (userAgent == null) {
            return false;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        for (String s : SCANNERS) {
            if (ua.contains(s)) {
                return true;
            }
        }
        return false;
    }

    public Map<String, Long> snapshot() {
        return Map.of("guard_scanner_dropped_total", scannerDrops.sum(),
                "guard_rate_limited_total", rateDrops.sum(),
                "guard_banned_dropped_total", bannedDrops.sum(),
                "guard_bans_total", bans.sum(),
                "guard_malformed_total", malformed.sum());
    }
}
