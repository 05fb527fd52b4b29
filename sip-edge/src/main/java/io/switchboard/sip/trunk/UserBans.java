package io.switchboard.sip.trunk;

import io.switchboard.sip.api.SecurityEvent;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.security.SecurityLog;
import io.switchboard.sip.transport.SipFlow;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Bans a digest user name, whatever address it is tried from: a password guessed from a thousand addresses (each
 * below the per-source ban) still bans the user after {@code failuresToBan} wrong answers. While banned, the
 * user's right credentials get the wrong-password answer too (so a guesser cannot tell when it found the
 * password); the ban is lifted {@code banMillis} after it began. A right answer outside a ban forgets the
 * failures before it. Only users we have are counted (the caller passes no unknown ones), so the table is bounded
 * by the configured users. Confined to the core loop.
 */
public final class UserBans {
    /** Limits for one user name. */
    public record Policy(int failuresToBan, long banMillis) {
    }

    private static final class User {
        int failures;
        long bannedUntil;
    }

    private final Policy policy;
    private final LongSupplier clockMillis;
    private final SecurityLog security;
    private final Map<String, User> users = new HashMap<>();
    private final LongAdder bans = new LongAdder();
    private final LongAdder refusedWhileBanned = new LongAdder();

    /** Bans nobody. */
    public static UserBans none() {
        return new UserBans(new Policy(Integer.MAX_VALUE, 0), () -> 0, null);
    }

    public UserBans(Policy policy, LongSupplier clockMillis, SecurityLog security) {
        this.policy = policy;
        this.clockMillis = clockMillis;
        this.security = security;
    }

    /**
     * Whether {@code user}, whose credentials just verified, is banned: the caller then answers as for a wrong
     * password. A user not banned has the failures before this success forgotten.
     */
    public boolean refusesSuccess(String user) {
        User u = users.get(user);
        if (u == null) {
            return false;
        }
        if (u.bannedUntil > clockMillis.getAsLong()) {
            refusedWhileBanned.increment();
            return true;
        }
        users.remove(user);
        return false;
    }

    /** Counts a wrong answer for {@code user}, a user we have; enough of them ban it. */
    public void failed(String user, SipMessage request, SipFlow flow) {
        long now = clockMillis.getAsLong();
        User u = users.computeIfAbsent(user, k -> new User());
        if (u.bannedUntil > now) {
            return; // failures during a ban neither count nor lengthen it: the user is locked out one ban at a time
        }
        u.failures++;
        if (u.failures >= policy.failuresToBan()) {
            u.failures = 0;
            u.bannedUntil = now + policy.banMillis();
            bans.increment();
            security.request(SecurityEvent.Type.USER_BANNED, request, flow, user, "user banned for "
                    + policy.banMillis() / 1000 + " s after " + policy.failuresToBan() + " failed authentications");
        }
    }

    /** Whether {@code user} is banned now. */
    public boolean banned(String user) {
        User u = users.get(user);
        return u != null && u.bannedUntil > clockMillis.getAsLong();
    }

    public Map<String, Long> snapshot() {
        return Map.of("guard_user_bans_total", bans.sum(),
                "guard_banned_user_refused_total", refusedWhileBanned.sum());
    }
}
