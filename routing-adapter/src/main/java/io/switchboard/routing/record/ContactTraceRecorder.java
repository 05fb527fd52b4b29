package io.switchboard.routing.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Makes every contact's trace record: gathers what the bus says while the contact lives, builds the record
 * when it ends, hands it to the sink and, once the sink says it is written, to the index. {@link #written}
 * is what the calls wait for before releasing the contact's resources, so a record is durable before the
 * caller's leg and media go. Must subscribe after the queue book (whose dequeue on a contact's end this
 * reads) and before the calls. Owned by the contact center's loop.
 */
public final class ContactTraceRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ContactTraceRecorder.class);
    private static final CompletableFuture<Void> NOTHING_PENDING = CompletableFuture.completedFuture(null);

    private final ContactCenterLoop loop;
    private final String instanceArn;
    private final ContactTraceSink sink;
    private final ContactTraceIndex index;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<ContactId, ContactTraceAssembly> live = new HashMap<>();
    private final Map<ContactId, CompletableFuture<Void>> writing = new HashMap<>();

    public ContactTraceRecorder(EventBus events, ContactCenterLoop loop, String instanceArn, ContactTraceSink sink,
                                ContactTraceIndex index) {
        this.loop = loop;
        this.instanceArn = instanceArn;
        this.sink = sink;
        this.index = index;
        events.subscribe(this::on);
    }

    private void on(ContactEvent event) {
        if (event instanceof ContactEvent.ContactStarted e) {
            assembly(e.contact()).started(loop.now());
        } else if (event instanceof ContactEvent.ContactQueued e) {
            assembly(e.contact()).queued(e.queue(), loop.now());
        } else if (event instanceof ContactEvent.ContactLeftQueue e) {
            ContactTraceAssembly a = live.get(e.contact());
            if (a != null) {
                a.leftQueue(e.queue(), loop.now());
            }
        } else if (event instanceof ContactEvent.TransferConnected e) {
            assembly(e.contact()).transferred(e.number(), loop.now());
        } else if (event instanceof ContactEvent.RecordingStarted e) {
            assembly(e.contact()).recordingStarted(loop.now());
        } else if (event instanceof ContactEvent.ContactEnded e) {
            ended(e.contact());
        }
    }

    private ContactTraceAssembly assembly(ContactId contact) {
        return live.computeIfAbsent(contact, c -> new ContactTraceAssembly());
    }

    private void ended(ContactSnapshot contact) {
        ContactTraceAssembly a = live.remove(contact.contactId());
        ContactTraceRecord record = (a == null ? new ContactTraceAssembly() : a).build(contact, instanceArn);
        ContactTraceLine line;
        try {
            line = new ContactTraceLine(record.contactId(), record.disconnectTimestamp(),
                    mapper.writeValueAsString(record.toJson(mapper)));
        } catch (JsonProcessingException e) {
            LOG.error("CTR of contact {} cannot be serialised: {}", contact.contactId(), e.toString());
            return;
        }
        CompletableFuture<Void> written = sink.append(line);
        if (written.isDone()) {
            finished(contact.contactId(), line, written);
            return;
        }
        CompletableFuture<Void> here = loop.adopt(written);
        writing.put(contact.contactId(), here);
        here.whenComplete((v, error) -> {
            writing.remove(contact.contactId(), here);
            finished(contact.contactId(), line, here);
        });
    }

    private void finished(ContactId contact, ContactTraceLine line, CompletableFuture<Void> written) {
        if (written.isCompletedExceptionally()) {
            try (var mdc = MDC.putCloseable("contactId", contact.toString())) {
                LOG.error("contact {}: its trace record was not written; it is answered from memory until restart",
                        contact);
            }
        }
        index.put(line);
    }

    /**
     * Completes (on the loop) once the ended contact's record is written, or failed to be; at once when
     * nothing is being written for it.
     */
    public CompletableFuture<Void> written(ContactId contact) {
        return writing.getOrDefault(contact, NOTHING_PENDING);
    }

    /** The index of written records (owned by the loop). */
    public ContactTraceIndex index() {
        return index;
    }

    /** Contacts alive now that the recorder follows (for tests: nothing is left behind). */
    public int following() {
        return live.size();
    }
}
