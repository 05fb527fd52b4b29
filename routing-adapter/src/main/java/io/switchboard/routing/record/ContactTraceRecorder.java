package io.switchboard.routing.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.routing.agent.AgentContact;
import io.switchboard.routing.agent.AgentEvent;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import io.switchboard.routing.record.store.RecordStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes every contact's trace record: gathers what the bus says while the contact lives (its queue, its
 * transfer, the agent events of the agents it was offered to), builds the record when it ends, hands it to
 * the sink (the CTR day files) and, once written there, to the record store. {@link #written} is what the
 * calls wait for before releasing the contact's resources, so a record is durable before the caller's leg
 * and media go. When an agent is still talking or in After Contact Work at the end, the record is written
 * again when that work ends, with the same ContactId and a later LastUpdateTimestamp (the store keeps the
 * latest). While a contact lives, the store holds what its record would say if the server stopped, so a
 * restart after a crash writes it, tagged interrupted ({@link RecordRecovery}). Must subscribe after the queue
 * book (whose dequeue on a contact's end this reads) and before the calls. Owned by the contact center's loop.
 */
public final class ContactTraceRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ContactTraceRecorder.class);
    private static final CompletableFuture<Void> NOTHING_PENDING = CompletableFuture.completedFuture(null);

    /** An ended contact whose agent still works on it: its record is written again when that ends. */
    private record AfterWork(ContactTraceAssembly assembly, ContactSnapshot contact) {
    }

    private final ContactCenterLoop loop;
    private final String instanceArn;
    private final ContactTraceSink sink;
    private final RecordStore store;
    private final RecordFeed feed;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<ContactId, ContactTraceAssembly> live = new HashMap<>();
    private final Map<ContactId, AfterWork> afterWork = new HashMap<>();
    private final Map<ContactId, CompletableFuture<Void>> writing = new HashMap<>();

    public ContactTraceRecorder(EventBus events, ContactCenterLoop loop, String instanceArn, ContactTraceSink sink,
                                RecordStore store, RecordFeed feed) {
        this.loop = loop;
        this.instanceArn = instanceArn;
        this.sink = sink;
        this.store = store;
        this.feed = feed;
        events.subscribe(this::on);
    }

    private void on(ContactEvent event) {
        if (event instanceof ContactEvent.ContactStarted e) {
            assembly(e.contact()).started(loop.now(), e.snapshot());
            provisional(e.contact());
        } else if (event instanceof ContactEvent.ContactQueued e) {
            assembly(e.contact()).queued(e.queue(), e.since());
            provisional(e.contact());
        } else if (event instanceof ContactEvent.ContactLeftQueue e) {
            ContactTraceAssembly a = live.get(e.contact());
            if (a != null) {
                a.leftQueue(e.queue(), loop.now());
            }
        } else if (event instanceof ContactEvent.CallbackCreated e) {
            ContactTraceAssembly a = live.get(e.original());
            if (a != null) {
                a.followedBy(e.callback().toString());
            }
        } else if (event instanceof ContactEvent.TransferConnected e) {
            assembly(e.contact()).transferred(e.number(), loop.now());
        } else if (event instanceof ContactEvent.RecordingStarted e) {
            assembly(e.contact()).recordingStarted(loop.now());
        } else if (event instanceof ContactEvent.AgentChanged e) {
            agentChanged(e.event());
        } else if (event instanceof ContactEvent.ContactEnded e) {
            ended(e.contact());
        }
    }

    private ContactTraceAssembly assembly(ContactId contact) {
        return live.computeIfAbsent(contact, c -> new ContactTraceAssembly());
    }

    /** The store learns what the live contact's record would say now, in case the server stops. */
    private void provisional(ContactId contact) {
        ContactTraceAssembly a = live.get(contact);
        Optional<ContactTraceRecord> record = a == null ? Optional.empty() : a.provisional(instanceArn, loop.now());
        record.flatMap(this::serialise).ifPresent(line -> store.putInFlight(line.contactId(), loop.now(), line.json()));
    }

    /** An agent's step on a contact: the contact's trail follows it, alive or in After Contact Work. */
    private void agentChanged(AgentEvent event) {
        Optional<AgentContact> contact = event.current().contact()
                .or(() -> event.previous() == null ? Optional.empty() : event.previous().contact());
        if (contact.isEmpty()) {
            return;
        }
        ContactId id;
        try {
            id = ContactId.parse(contact.get().contactId());
        } catch (IllegalArgumentException e) {
            return;
        }
        ContactTraceAssembly a = live.get(id);
        if (a != null) {
            a.agentStep(event.previous(), event.current(), event.timestamp());
            return;
        }
        AfterWork after = afterWork.get(id);
        if (after != null) {
            after.assembly().agentStep(event.previous(), event.current(), event.timestamp());
            if (!after.assembly().agentStillWorking()) {
                afterWork.remove(id);
                write(after.assembly().build(after.contact(), instanceArn), event.timestamp());
            }
        }
    }

    private void ended(ContactSnapshot contact) {
        ContactTraceAssembly a = live.remove(contact.contactId());
        if (a == null) {
            a = new ContactTraceAssembly();
        }
        write(a.build(contact, instanceArn), contact.lastUpdateTimestamp());
        if (a.agentStillWorking()) {
            afterWork.put(contact.contactId(), new AfterWork(a, contact));
        }
    }

    private Optional<ContactTraceLine> serialise(ContactTraceRecord record) {
        try {
            return Optional.of(new ContactTraceLine(record.contactId(), record.disconnectTimestamp(),
                    record.lastUpdateTimestamp(), record.interrupted(), mapper.writeValueAsString(record.toJson(mapper))));
        } catch (JsonProcessingException e) {
            LOG.error("CTR of contact {} cannot be serialised: {}", record.contactId(), e.toString());
            return Optional.empty();
        }
    }

    /** Writes a version of a record, made at {@code at}: the day files first, then the store. */
    private void write(ContactTraceRecord record, Instant at) {
        ContactTraceRecord versioned = at == null || !at.isAfter(record.lastUpdateTimestamp()) ? record
                : record.updatedAt(at);
        Optional<ContactTraceLine> serialised = serialise(versioned);
        if (serialised.isEmpty()) {
            return;
        }
        ContactTraceLine line = serialised.get();
        ContactId contact = ContactId.parse(line.contactId());
        CompletableFuture<Void> filed = sink.append(line);
        CompletableFuture<Void> stored = filed.isDone() ? stored(contact, line, filed)
                : loop.adopt(filed).thenCompose(v -> stored(contact, line, filed));
        CompletableFuture<Void> here = stored.isDone() ? stored : loop.adopt(stored);
        if (here.isDone()) {
            return;
        }
        writing.put(contact, here);
        here.whenComplete((v, error) -> writing.remove(contact, here));
    }

    /** After the day file: the store, whether the file write worked or not (the API answers from the store). */
    private CompletableFuture<Void> stored(ContactId contact, ContactTraceLine line, CompletableFuture<Void> filed) {
        if (filed.isCompletedExceptionally()) {
            try (var mdc = MDC.putCloseable("contactId", contact.toString())) {
                LOG.error("contact {}: its trace record was not written to the CTR files; kept in the record store",
                        contact);
            }
        }
        return store.putRecord(line).handle((v, error) -> {
            if (error == null) {
                published(line);
            }
            return null;
        });
    }

    /** The feed learns of a version once the store has it, on the loop (the store may answer on its thread). */
    private void published(ContactTraceLine line) {
        if (loop.inLoop()) {
            feed.publish(RecordFeed.Kind.CONTACT_TRACE_RECORD, line.json());
        } else {
            loop.execute(() -> feed.publish(RecordFeed.Kind.CONTACT_TRACE_RECORD, line.json()));
        }
    }

    /**
     * Completes (on the loop) once the ended contact's record is written, or failed to be; at once when
     * nothing is being written for it.
     */
    public CompletableFuture<Void> written(ContactId contact) {
        return writing.getOrDefault(contact, NOTHING_PENDING);
    }

    /** Contacts alive now that the recorder follows (for tests: nothing is left behind). */
    public int following() {
        return live.size();
    }

    /** Ended contacts whose agent is still on them or in After Contact Work. */
    public int awaitingAfterContactWork() {
        return afterWork.size();
    }
}
