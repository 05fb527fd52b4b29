package io.switchboard.routing.port;

import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.EventHook;

/** Told about contacts the flow engine finishes with; called on the engine thread, must not block. */
public interface ContactListener {

    /** The contact ended (hang-up, disconnect block, failure): the CTR can be completed. */
    void contactEnded(ContactSnapshot contact);

    /** A hook flow (whisper, hold, queue) reached its end; whispers use this to connect the call. */
    default void hookFlowEnded(ContactId contact, EventHook hook) {
    }
}
