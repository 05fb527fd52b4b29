package io.switchboard.sip.api;

/** Where a call leg is in its life. */
public enum CallState {
    /** Inbound: offered to the handler. Outbound: INVITE sent. */
    INITIAL,
    /** 180 sent or received. */
    RINGING,
    /** 183 with SDP sent or received. */
    EARLY_MEDIA,
    /** 200 OK sent or received; media flows. */
    ANSWERED,
    /** Ended after being answered (BYE), or cancelled/rejected/failed before. */
    ENDED;

    public boolean isTerminal() {
        return this == ENDED;
    }
}
