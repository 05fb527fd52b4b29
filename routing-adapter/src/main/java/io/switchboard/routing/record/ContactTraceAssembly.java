package io.switchboard.routing.record;

import io.switchboard.routing.agent.AgentSnapshot;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.InitiationMethod;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.contact.Endpoint;
import io.switchboard.routing.contact.PhoneNumbers;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;

/**
 * What a contact's record needs beyond its final snapshot, gathered from the bus while the contact lives
 * (when it reached the system, its last queue's enqueue and dequeue times, a completed transfer out), and the
 * record built from both when it ends. Owned by the contact center's loop, one per live contact.
 */
final class ContactTraceAssembly {

    /** Where the relay writes a contact's IVR recording, relative to the data directory (CONTRACT.md). */
    static String recordingLocation(Instant day, String contactId) {
        LocalDate date = LocalDate.ofInstant(day, ZoneOffset.UTC);
        return String.format("recordings/%04d/%02d/%02d/%s.wav", date.getYear(), date.getMonthValue(),
                date.getDayOfMonth(), contactId);
    }

    private Instant connectedToSystem;
    private String queueName;
    private Instant enqueued;
    private Instant dequeued;
    private Instant transferCompleted;
    private String transferredTo;
    private Instant recordingStarted;
    /** The contact that follows this one (its queued callback), or null. */
    private String nextContactId;
    private final AgentTrail agent = new AgentTrail();

    /** The contact as it started (null when the event did not carry it): what a provisional record says. */
    private ContactSnapshot start;

    /** The answered call's contact started its flow: it is connected to the system. */
    void started(Instant now, ContactSnapshot snapshot) {
        if (connectedToSystem == null) {
            connectedToSystem = now;
        }
        if (start == null) {
            start = snapshot;
        }
    }

    /**
     * What the record would say if the server stopped at {@code now}: the contact as it started, disconnected
     * now for a reason of OTHER and tagged interrupted; empty when the start was not seen.
     */
    java.util.Optional<ContactTraceRecord> provisional(String instanceArn, Instant now) {
        if (start == null) {
            return java.util.Optional.empty();
        }
        ContactSnapshot c = start;
        ContactSnapshot interrupted = new ContactSnapshot(c.contactId(), c.initialContactId(), c.previousContactId(),
                c.initiationMethod(), c.channel(), c.customerEndpoint(), c.systemEndpoint(), c.attributes(), c.queue(),
                c.recording(), c.flowLogging(), c.textToSpeechVoice(), c.callbackNumber(), c.eventHooks(),
                c.storedCustomerInput(), c.external(), c.initiationTimestamp(), c.enqueueTimestamp(), now, now,
                DisconnectReason.OTHER, c.routingCriteria());
        return java.util.Optional.of(build(interrupted, instanceArn,
                Map.of(ContactTraceRecord.INTERRUPTED_TAG, "true")));
    }

    /** Queued in {@code queue}; a later queue replaces an earlier one, as the record names the last. */
    void queued(String queue, Instant now) {
        queueName = queue;
        enqueued = now;
        dequeued = null;
    }

    void leftQueue(String queue, Instant now) {
        if (queue.equals(queueName) && dequeued == null) {
            dequeued = now;
        }
    }

    /** A transfer out to {@code number} was answered and bridged. */
    void transferred(String number, Instant now) {
        transferCompleted = now;
        transferredTo = number;
    }

    /** The contact became {@code next}'s predecessor (a queued callback of it was created). */
    void followedBy(String next) {
        nextContactId = next;
    }

    /** The IVR recording of the contact started (the first time counts: the file is one per contact). */
    void recordingStarted(Instant now) {
        if (recordingStarted == null) {
            recordingStarted = now;
        }
    }

    /** An agent working on the contact changed state; true when their After Contact Work on it ended. */
    boolean agentStep(AgentSnapshot previous, AgentSnapshot current, Instant now) {
        return agent.step(previous, current, now);
    }

    /** An agent talks to the customer or is in After Contact Work on the contact: the record will change. */
    boolean agentStillWorking() {
        return agent.agentStillWorking();
    }

    /** The record of the ended contact {@code c}, for {@code instanceArn}. */
    ContactTraceRecord build(ContactSnapshot c, String instanceArn) {
        return build(c, instanceArn, Map.of());
    }

    private ContactTraceRecord build(ContactSnapshot c, String instanceArn, Map<String, String> tags) {
        Objects.requireNonNull(c.disconnectTimestamp(), "the contact has not ended");
        String id = c.contactId().toString();
        ContactTraceRecord.Queue queue = null;
        if (queueName != null) {
            String arn = c.queue() != null && c.queue().name().equals(queueName) ? c.queue().arn() : null;
            queue = new ContactTraceRecord.Queue(arn, queueName, enqueued,
                    dequeued != null ? dequeued : c.disconnectTimestamp());
        } else if (c.initiationMethod() == InitiationMethod.OUTBOUND && c.queue() != null) {
            // An agent's outbound call never waits, but Connect's record names the queue it was placed from
            // (its caller ID and whisper): in and out at the start, a Duration of 0.
            queue = new ContactTraceRecord.Queue(c.queue().arn(), c.queue().name(), c.initiationTimestamp(),
                    c.initiationTimestamp());
        }
        ContactTraceRecord.Recording recording = null;
        boolean ivrRecorded = recordingStarted != null || c.recording().ivr();
        if (ivrRecorded) {
            Instant start = recordingStarted != null ? recordingStarted
                    : connectedToSystem != null ? connectedToSystem : c.initiationTimestamp();
            recording = new ContactTraceRecord.Recording(recordingLocation(start, id), "CUSTOMER", start,
                    c.disconnectTimestamp());
        }
        ContactTraceRecord.Endpoint transferEndpoint = transferredTo == null ? null
                : new ContactTraceRecord.Endpoint(transferredTo,
                        PhoneNumbers.isE164(transferredTo) ? Endpoint.TELEPHONE_NUMBER : "OTHER");
        return new ContactTraceRecord(accountOf(instanceArn), instanceArn, id, c.initialContactId().toString(),
                c.previousContactId() == null ? null : c.previousContactId().toString(), nextContactId,
                c.channel().name(), c.initiationMethod().name(), c.initiationTimestamp(),
                connectedToSystem != null ? connectedToSystem : c.initiationTimestamp(),
                c.disconnectTimestamp(), c.lastUpdateTimestamp(),
                c.disconnectReason() == null ? null : c.disconnectReason().name(),
                endpoint(c.customerEndpoint()), endpoint(c.systemEndpoint()), c.attributes(), queue, agent.attempts(),
                recording, transferCompleted, transferEndpoint, agent.section(c.disconnectTimestamp()), tags);
    }

    private static ContactTraceRecord.Endpoint endpoint(Endpoint e) {
        return e == null ? null : new ContactTraceRecord.Endpoint(e.address(), e.type());
    }

    /** The account field of an ARN ({@code arn:partition:service:region:account:resource}), else null. */
    static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && !parts[4].isEmpty() ? parts[4] : null;
    }
}
