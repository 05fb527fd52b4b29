package io.switchboard.media.dtmf;

import io.switchboard.media.api.CollectOutcome;
import io.switchboard.media.api.DigitCollection;
import java.util.function.BiConsumer;

/**
 * One digit collection on an endpoint's loop: appends digits until the maximum, a terminator or a timeout
 * (first-digit, then inter-digit), then reports the digits and the outcome exactly once.
 */
public final class DigitCollector {
    private final DigitCollection request;
    private final Timeouts timeouts;
    private final BiConsumer<String, CollectOutcome> onDone;
    private final StringBuilder digits = new StringBuilder();
    /** Cancels the armed timeout, or null. */
    private Runnable timeout;
    private boolean done;

    /** Where the collection's timeouts run: the endpoint's loop, whose timers follow the endpoint if it moves. */
    @FunctionalInterface
    public interface Timeouts {
        /** Runs {@code task} once after {@code delayNanos} on the collection's loop; returns what cancels it. */
        Runnable schedule(Runnable task, long delayNanos);
    }

    public DigitCollector(DigitCollection request, Timeouts timeouts, BiConsumer<String, CollectOutcome> onDone) {
        this.request = request;
        this.timeouts = timeouts;
        this.onDone = onDone;
    }

    /** Starts the first-digit timer, then replays type-ahead digits; loop only. */
    public void start(CharSequence typeAhead) {
        arm(request.firstDigitTimeout().toNanos(), CollectOutcome.NO_INPUT);
        for (int i = 0; i < typeAhead.length() && !done; i++) {
            onDigit(typeAhead.charAt(i));
        }
    }

    /** Adds a digit; loop only. */
    public void onDigit(char digit) {
        if (done) {
            return;
        }
        if (request.terminators().indexOf(digit) >= 0) {
            finish(CollectOutcome.TERMINATOR);
            return;
        }
        digits.append(digit);
        if (digits.length() >= request.maxDigits()) {
            finish(CollectOutcome.MAX_DIGITS);
            return;
        }
        arm(request.interDigitTimeout().toNanos(), CollectOutcome.INTER_DIGIT_TIMEOUT);
    }

    /** Ends the collection now with {@link CollectOutcome#CANCELLED}; loop only. */
    public void cancel() {
        finish(CollectOutcome.CANCELLED);
    }

    public boolean isDone() {
        return done;
    }

    private void arm(long nanos, CollectOutcome outcome) {
        if (timeout != null) {
            timeout.run();
        }
        timeout = timeouts.schedule(() -> finish(outcome), nanos);
    }

    private void finish(CollectOutcome outcome) {
        if (done) {
            return;
        }
        done = true;
        if (timeout != null) {
            timeout.run();
        }
        onDone.accept(digits.toString(), outcome);
    }
}
