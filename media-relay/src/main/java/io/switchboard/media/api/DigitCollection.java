package io.switchboard.media.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What to collect: up to {@code maxDigits}, ending early on any of {@code terminators}, giving up after
 * {@code firstDigitTimeout} without a first digit or {@code interDigitTimeout} between digits. Digits
 * typed before the collection started (for example the one that stopped a prompt) count unless
 * {@code discardTypeAhead} is set.
 */
public record DigitCollection(int maxDigits, String terminators, Duration firstDigitTimeout,
        Duration interDigitTimeout, boolean discardTypeAhead) {

    public DigitCollection {
        Objects.requireNonNull(terminators, "terminators");
        Objects.requireNonNull(firstDigitTimeout, "firstDigitTimeout");
        Objects.requireNonNull(interDigitTimeout, "interDigitTimeout");
        if (maxDigits < 1 || maxDigits > 64) {
            throw new IllegalArgumentException("maxDigits must be 1..64, got " + maxDigits);
        }
        if (firstDigitTimeout.isNegative() || firstDigitTimeout.isZero() || interDigitTimeout.isNegative()
                || interDigitTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        for (char c : terminators.toCharArray()) {
            if ("0123456789*#ABCD".indexOf(c) < 0) {
                throw new IllegalArgumentException("terminator '" + c + "' is not a DTMF digit");
            }
        }
    }

    /** Collects up to {@code maxDigits} with {@code #} as terminator, 5 s to start and 3 s between digits. */
    public static DigitCollection upTo(int maxDigits) {
        return new DigitCollection(maxDigits, "#", Duration.ofSeconds(5), Duration.ofSeconds(3), false);
    }
}
