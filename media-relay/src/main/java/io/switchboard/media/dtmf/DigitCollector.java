package io.switchboard.media.dtmf;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.media.api.CollectOutcome;
import io.switchboard.media.api.DigitCollection;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One digit collection on an endpoint's loop: appends digits until the maximum, a terminator or a timeout
 * (first-digit, then inter-digit), then reports the digits and the outcome exactly once.
 */
public final class DigitCollector {
    private final DigitCollection request;
    private final EventLoop loop;
    private final BiConsumer<String, CollectOutcome> onDone;
    private final StringBuilder digits = new StringBuilder();
    private ScheduledFuture<?> timeout;
    private boolean done;

    public DigitCollector(DigitCollection request, EventLoop loop, BiConsumer<String, CollectOutcome> onDone) {
        this.request = request;
        this.loop = loop;
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
            timeout.cancel(false);
        }
        timeout = loop.schedule(() -> finish(outcome), nanos, TimeUnit.NANOSECONDS);
    }

    private void finish(CollectOutcome outcome) {
        if (done) {
            return;
        }
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        onDone.accept(digits.toString(), outcome);
    }
}
