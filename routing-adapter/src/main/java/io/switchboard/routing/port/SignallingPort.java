package io.switchboard.routing.port;

import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.DisconnectReason;

/**
 * Call control of contacts, as the flow engine uses it. Implemented by the wiring over sip-edge; calls
 * come from the engine thread and must not block.
 */
public interface SignallingPort {

    /** Hangs up the caller's leg (BYE) and releases the contact's media. */
    void disconnect(ContactId contact, DisconnectReason reason);

    /** Whether some trunk can reach {@code e164}; a table lookup, no network. */
    boolean canDial(String e164);

    /** Dials {@code dial.number()} through a trunk and bridges it with the caller once answered. */
    ThirdPartyCall dialThirdParty(ContactId contact, ThirdPartyDial dial);
}
