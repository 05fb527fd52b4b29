package io.switchboard.media.api;

/** The relay cannot use a remote description (no common codec, malformed SDP): the offer deserves a 488. */
public final class OfferRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OfferRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
