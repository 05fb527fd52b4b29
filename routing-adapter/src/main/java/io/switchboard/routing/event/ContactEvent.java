package io.switchboard.routing.event;

import io.switchboard.routing.agent.AgentEvent;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.ContactSnapshot;
import java.util.Objects;

/**
 * What happened to a call or contact, published on the contact center's loop by the part that decided it and
 * read there by the others (the router, the calls, the metrics, the contact trace records and agent events).
 */
public sealed interface ContactEvent {

    /** An inbound call was registered (its media is being set up). */
    record CallStarted(String callId) implements ContactEvent {
    }

    /** An inbound call was refused before answer with a SIP status (404, 488, 503, ...). */
    record CallRefused(String callId, int status, String reason) implements ContactEvent {
    }

    /** A call was torn down and forgotten. */
    record CallReleased(String callId) implements ContactEvent {
    }

    /** An answered call's contact started its flow; {@code snapshot} is the contact then (null if not given). */
    record ContactStarted(ContactId contact, String flow, ContactSnapshot snapshot) implements ContactEvent {
        public ContactStarted {
            Objects.requireNonNull(contact, "contact");
        }

        public ContactStarted(ContactId contact, String flow) {
            this(contact, flow, null);
        }
    }

    /**
     * The contact now waits in {@code queue}, since {@code since} (earlier than now for a contact put back in its
     * queue with its place).
     */
    record ContactQueued(ContactId contact, String queue, java.time.Instant since) implements ContactEvent {
    }

    /** The contact no longer waits in {@code queue} (it left, was moved, or ended). */
    record ContactLeftQueue(ContactId contact, String queue) implements ContactEvent {
    }

    /** {@code callback} was created as the queued callback of {@code original}, which it follows. */
    record CallbackCreated(ContactId original, ContactId callback) implements ContactEvent {
    }

    /** A transfer out of the contact center to {@code number} was answered and bridged to the caller. */
    record TransferConnected(ContactId contact, String number) implements ContactEvent {
    }

    /** The relay started recording the contact's IVR part (its file is named after the contact). */
    record RecordingStarted(ContactId contact) implements ContactEvent {
    }

    /** The flow engine finished with the contact: the snapshot is final. */
    record ContactEnded(ContactSnapshot contact) implements ContactEvent {
        public ContactEnded {
            Objects.requireNonNull(contact, "contact");
        }
    }

    /** An agent logged in or out, changed state or configuration, or is still logged in (a heartbeat). */
    record AgentChanged(AgentEvent event) implements ContactEvent {
        public AgentChanged {
            Objects.requireNonNull(event, "event");
        }
    }
}
