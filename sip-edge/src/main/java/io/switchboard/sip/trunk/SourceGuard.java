package io.switchboard.sip.trunk;

import io.switchboard.sip.codec.SipMessage;
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
 * First line of defence in front of the transaction layer: silently drops requests from scanner user agents,
 * from banned sources, and beyond a per-source token bucket. Sources inside a trunk's networks are trusted
 * and only the scanner check applies to them. Confined to the core loop; the per-source table is bounded.
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

    /** Per-source state: a token bucket and authentication failures. */
    private static final class Source {
        double tokens;
        long refilledAt;
        int authFailures;
        long bannedUntil;
        long lastSeen;
    }

    public SourceGuard(TrunkTable trunks, Policy policy, LongSupplier clockMillis, InboundListener next) {
        this.trunks = trunks;
        this.policy = policy;
        this.clockMillis = clockMillis;
        this.next = next;
    }

    @Override
    public void onMessage(SipMessage message, SipFlow flow) {
        if (message.isRequest()) {
            if (isScanner(message.header("User-Agent"))) {
                scannerDrops.increment();
                LOG.debug("dropped {} from scanner {} at {}", message.method(), message.header("User-Agent"),
                        flow.remote());
                return;
            }
            InetAddress ip = flow.remote().getAddress();
            if (trunks.matchInbound(ip) == null && !admit(ip)) {
                return;
            }
        }
        next.onMessage(message, flow);
    }

    /** Records a failed digest authentication; enough of them ban the source (with one log line). */
    public void authenticationFailed(InetAddress ip) {
        long now = clockMillis.getAsLong();
        Source s = source(ip, now);
        s.authFailures++;
        if (s.authFailures >= policy.authFailuresToBan() && s.bannedUntil <= now) {
            s.bannedUntil = now + policy.banMillis();
            s.authFailures = 0;
            bans.increment();
            LOG.warn("banning {} for {} s after {} failed authentications", ip.getHostAddress(),
                    policy.banMillis() / 1000, policy.authFailuresToBan());
        }
    }

    private boolean admit(InetAddress ip) {
        long now = clockMillis.getAsLong();
        Source s = source(ip, now);
        if (s.bannedUntil > now) {
            bannedDrops.increment();
            return false;
        }
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
                "guard_bans_total", bans.sum());
    }
}
