package io.switchboard.routing.flow.engine;

import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.EventHook;
import io.switchboard.routing.flow.Flow;
import java.util.HashMap;
import java.util.Map;

/**
 * A contact's flow state inside the engine: the flow running for it (if any), why it runs (inbound
 * or an event hook), the action being executed and the loop counters of this run. A few fields, no
 * thread: the engine advances it when events arrive. Owned by the engine thread.
 */
final class ContactSession {

    final Contact contact;
    Flow flow;
    /** Null while the contact's own (inbound/transfer) flow runs; the hook otherwise. */
    EventHook hook;
    Step current;
    final Map<String, Integer> loopCounters = new HashMap<>();

    ContactSession(Contact contact) {
        this.contact = contact;
    }

    void enter(Flow next, EventHook why) {
        flow = next;
        hook = why;
        loopCounters.clear();
    }

    /** Leaves the current action without an outcome (hang-up, another flow taking over). */
    void interrupt() {
        Step step = current;
        current = null;
        if (step != null) {
            step.abandon();
        }
    }
}
