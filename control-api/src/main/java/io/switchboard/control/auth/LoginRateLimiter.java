package io.switchboard.control.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits login attempts per username and client address against password guessing: a burst of {@code
 * burst} attempts, then one per {@code interval}. An attempt is counted before the password is checked,
 * so parallel guesses cannot slip through; a successful login clears its key.
 *
 * <p>The generic cell rate algorithm (a token bucket kept as one instant per key, the "theoretical arrival
 * time"): an attempt at {@code now} is allowed when {@code tat - now <= (burst - 1) * interval}, and moves
 * {@code tat} one interval on. Thread-safe: each key changes inside {@link ConcurrentHashMap#compute}.
 */
public final class LoginRateLimiter {
    /** Keys tracked at most; beyond this (a spray of made-up usernames) new keys are refused until a sweep. */
    static final int MAX_KEYS = 100_000;

    private final Clock clock;
    private final int burst;
    private final Duration interval;
    private final Map<String, Instant> arrival = new ConcurrentHashMap<>();

    public LoginRateLimiter(Clock clock, int burst, Duration interval) {
        if (burst < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a login limit needs a burst of at least 1 and a positive interval");
        }
        this.clock = clock;
        this.burst = burst;
        this.interval = interval;
    }

    /** The key of one username tried from one address. */
    public static String key(String username, String address) {
        return username + '\u0000' + address;
    }

    /** Takes one attempt for {@code key}: empty when allowed, else how long until the next one is. */
    public Optional<Duration> acquire(String key) {
        Instant now = clock.instant();
        Duration tolerance = interval.multipliedBy(burst - 1L);
        Duration[] wait = new Duration[1];
        if (!arrival.containsKey(key) && arrival.size() >= MAX_KEYS) {
            return Optional.of(interval);
        }
        arrival.compute(key, (k, tat) -> {
            Instant start = tat == null || tat.isBefore(now) ? now : tat;
            Duration ahead = Duration.between(now, start);
            if (ahead.compareTo(tolerance) > 0) {
                wait[0] = ahead.minus(tolerance);
                return tat;
            }
            return start.plus(interval);
        });
        return Optional.ofNullable(wait[0]);
    }

    /** Forgets {@code key} after a successful login. */
    public void reset(String key) {
        arrival.remove(key);
    }

    /** Drops the keys whose bucket has refilled; run periodically so that memory stays bounded. */
    public void sweep() {
        Instant now = clock.instant();
        arrival.values().removeIf(tat -> !tat.isAfter(now));
    }

    int trackedKeys() {
        return arrival.size();
    }
}
