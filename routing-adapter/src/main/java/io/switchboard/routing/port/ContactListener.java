package io.switchboard.routing.port;

import io.switchboard.routing.contact.ContactSnapshot;

/** Told about contacts the flow engine finishes with; called on the engine thread, must not block. */
public interface ContactListener {

    /** The contact ended (hang-up, disconnect block, failure): the CTR can be completed. */
    void contactEnded(ContactSnapshot contact);
}
