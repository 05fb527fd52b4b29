package io.switchboard.turn.server;

import io.switchboard.turn.stun.StunResponse;

/**
 * RFC 8489 section 7.3.1: a Binding request gets the client's reflexive address. No authentication (any
 * client may ask, as coturn answers), so it passes the per-source rate limit like every unauthenticated reply.
 */
final class BindingHandler implements TurnHandler {

    private final Replies replies;

    BindingHandler(Replies replies) {
        this.replies = replies;
    }

    @Override
    public void handle(Exchange x) {
        // Step 1: XOR-MAPPED-ADDRESS is the source transport address of the request.
        replies.unauthenticatedSuccess(x, StunResponse.success(x.request()).xorMappedAddress(x.path().client()));
    }
}
