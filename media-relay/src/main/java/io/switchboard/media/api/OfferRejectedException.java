package io.switchboard.media.api;

/**
 * The remote SDP cannot be used: it does not parse, or it offers or answers nothing the relay can accept
 * (no audio, only RTP/SAVP, no PCMU or PCMA). The message says why. A signalling layer answers an offer that
 * fails this way with 488 Not Acceptable Here (RFC 3261 section 13.3.1.1).
 *
 * <p>Unchecked, because it reaches callers as the cause of a failed {@code CompletableFuture}.
 */
public final class OfferRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OfferRejectedException(String message, Throwable cause) {
        super(message, cause);
    }

    public OfferRejectedException(String message) {
        super(message);
    }
}
