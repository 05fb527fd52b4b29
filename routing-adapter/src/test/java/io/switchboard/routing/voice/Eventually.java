package io.switchboard.routing.voice;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The voice tests' wait for something another thread (the engine, the fake edge or relay) brings about. */
final class Eventually {
    private Eventually() {
    }

    /** Polls {@code condition} every 5 ms for up to 5 s; fails naming {@code what} it waited for. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }
}
