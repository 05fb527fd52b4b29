package io.switchboard.routing.call;

import java.time.Duration;
import java.util.Objects;

/**
 * How softphone offers and the agent's media connection behave.
 *
 * @param offerTimeout    how long an offer rings before it is missed (desk phones ring as long)
 * @param reconnectWindow how long a connected contact waits, on hold audio, for an agent whose media went away
 * @param afterWindow     what happens to that contact when the window passes
 */
public record SoftphoneSettings(Duration offerTimeout, Duration reconnectWindow, AfterWindow afterWindow) {

    /** What a contact whose agent did not come back in time becomes. */
    public enum AfterWindow {
        /** The call ends as if the agent had hung up (the disconnect flow runs, if any). */
        DISCONNECT,
        /** Back to its queue with its original place; the caller hears the queue flow again. */
        REQUEUE
    }

    public static final Duration OFFER_TIMEOUT = AgentRouting.OFFER_TIME;
    public static final Duration RECONNECT_WINDOW = Duration.ofSeconds(60);

    public SoftphoneSettings {
        Objects.requireNonNull(afterWindow, "afterWindow");
        if (offerTimeout.isNegative() || offerTimeout.isZero()) {
            throw new IllegalArgumentException("the offer timeout must be positive");
        }
        if (reconnectWindow.isNegative()) {
            throw new IllegalArgumentException("the reconnect window cannot be negative");
        }
    }

    public static SoftphoneSettings defaults() {
        return new SoftphoneSettings(OFFER_TIMEOUT, RECONNECT_WINDOW, AfterWindow.REQUEUE);
    }

    public SoftphoneSettings withOfferTimeout(Duration value) {
        return new SoftphoneSettings(value, reconnectWindow, afterWindow);
    }

    public SoftphoneSettings withAfterWindow(AfterWindow value) {
        return new SoftphoneSettings(offerTimeout, reconnectWindow, value);
    }
}
