package io.switchboard.sip.api;

/**
 * Receives each authorised inbound INVITE as a call leg. Called on the SIP core event loop: return quickly,
 * set the leg's listener before returning, and answer, ring or reject later from any thread.
 */
@FunctionalInterface
public interface CallHandler {
    void onIncomingCall(CallLeg leg);
}
