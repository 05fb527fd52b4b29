package io.switchboard.media.api;

/** Why a digit collection ended. */
public enum CollectOutcome {
    /** The maximum number of digits arrived. */
    MAX_DIGITS,
    /** A terminator digit arrived (it is not part of the digits). */
    TERMINATOR,
    /** No first digit within the first-digit timeout. */
    NO_INPUT,
    /** The inter-digit timeout passed after at least one digit. */
    INTER_DIGIT_TIMEOUT,
    /** Cancelled through the API, replaced, or the endpoint was destroyed. */
    CANCELLED
}
