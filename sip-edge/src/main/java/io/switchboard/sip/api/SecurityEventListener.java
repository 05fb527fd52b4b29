package io.switchboard.sip.api;

/**
 * Hears every {@link SecurityEvent}, on the SIP core loop: it must hand the event on (to a writer thread) and
 * return at once.
 */
@FunctionalInterface
public interface SecurityEventListener {
    SecurityEventListener NONE = event -> { };

    void onEvent(SecurityEvent event);
}
