package io.switchboard.routing.call;

import io.switchboard.routing.core.VirtualLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The voice tests' wait on the contact center's virtual loop: runs what is due, then moves virtual time on in
 * small steps until the condition holds. Deterministic: no thread, no sleep; a wait that a timer must end
 * fires exactly that timer.
 */
final class Eventually {

    /** Longer than any timer the tests' flows set. */
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final Duration STEP = Duration.ofMillis(10);

    private Eventually() {
    }

    /** Fails naming {@code what} when {@code condition} does not hold within {@link #LIMIT} of virtual time. */
    static void await(VirtualLoop loop, BooleanSupplier condition, String what) {
        loop.runPending();
        Instant deadline = loop.now().plus(LIMIT);
        while (!condition.getAsBoolean()) {
            if (loop.now().isAfter(deadline)) {
                throw new AssertionError("no sign, within " + LIMIT.toSeconds() + " s of virtual time, that " + what);
            }
            loop.advance(STEP);
        }
    }
}
