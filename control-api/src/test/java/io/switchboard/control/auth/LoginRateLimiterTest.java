package io.switchboard.control.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.control.TestClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The login limit on a virtual clock: a burst, then one attempt per interval, per username and address. */
class LoginRateLimiterTest {
    private final TestClock clock = new TestClock();
    private final LoginRateLimiter limiter = new LoginRateLimiter(clock, 5, Duration.ofMinutes(1));
    private final String key = LoginRateLimiter.key("alice", "192.0.2.7");

    @Test
    void aBurstThenOneAttemptPerInterval() {
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.acquire(key).isEmpty(), "attempt " + (i + 1));
        }
        assertEquals(Optional.of(Duration.ofMinutes(1)), limiter.acquire(key));
        clock.advance(Duration.ofSeconds(45));
        assertEquals(Optional.of(Duration.ofSeconds(15)), limiter.acquire(key));
        clock.advance(Duration.ofSeconds(15));
        assertTrue(limiter.acquire(key).isEmpty());
        assertTrue(limiter.acquire(key).isPresent());
    }

    @Test
    void keysAreIndependent() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire(key);
        }
        assertTrue(limiter.acquire(key).isPresent());
        assertTrue(limiter.acquire(LoginRateLimiter.key("alice", "192.0.2.8")).isEmpty());
        assertTrue(limiter.acquire(LoginRateLimiter.key("bob", "192.0.2.7")).isEmpty());
    }

    @Test
    void successClearsTheKey() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire(key);
        }
        limiter.reset(key);
        assertTrue(limiter.acquire(key).isEmpty());
    }

    @Test
    void sweepForgetsRefilledKeys() {
        limiter.acquire(key);
        limiter.acquire(LoginRateLimiter.key("bob", "192.0.2.7"));
        clock.advance(Duration.ofSeconds(30));
        limiter.sweep();
        assertEquals(2, limiter.trackedKeys());
        clock.advance(Duration.ofSeconds(30));
        limiter.sweep();
        assertEquals(0, limiter.trackedKeys());
    }
}
