package io.switchboard.sip.api;

/**
 * Receives each authorised inbound INVITE as an {@link InboundCall}. Called on the SIP core event loop: return
 * quickly, set the call's listener before returning, and answer, ring or reject later from any thread.
 */
@FunctionalInterface
public interface CallHandler {
    void onIncomingCall(InboundCall call);
}
