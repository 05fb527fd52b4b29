package io.switchboard.routing.call;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.Queue;
import io.switchboard.routing.agent.Agent;
import io.switchboard.routing.agent.AgentConfiguration;
import io.switchboard.routing.agent.AgentContact;
import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.agent.AgentRoster;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.contact.Endpoint;
import io.switchboard.routing.contact.EventHook;
import io.switchboard.routing.contact.InitiationMethod;
import io.switchboard.routing.contact.PhoneNumbers;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import io.switchboard.routing.flow.Cancellable;
import io.switchboard.routing.flow.engine.FlowEngine;
import io.switchboard.routing.port.CallbackRequest;
import io.switchboard.routing.router.QueueBook;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Queued callbacks that keep their place: a waiting caller (or an API request) becomes a contact with
 * InitiationMethod CALLBACK that waits, without a call, in its queue with the enqueue time the caller had
 * there. The router gives it to an agent like any waiting contact; then the agent's phone rings (a softphone is
 * the agent side at once) and the customer is dialled from the queue's caller ID ({@link OutboundCalls}), the
 * outbound whisper plays to them, and the two are bridged. An attempt the customer does not answer puts the
 * agent in After Contact Work and the callback back in its queue with its place after the retry delay, until the
 * maximum number of attempts; then the contact ends. An agent who misses the offer is Missed, and the callback
 * keeps its place without losing an attempt. Owned by the contact center's loop.
 */
final class QueuedCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedCallbacks.class);
    /** The user-defined attribute a caller's new contact gets while a callback to their number waits. */
    static final String PENDING_CALLBACK_ATTRIBUTE = "PendingCallbackContactId";

    /** A callback's lifecycle; each state names the states it may move to. */
    enum State {
        /** Created; waits out its initial delay before it enters its queue. */
        SCHEDULED,
        /** In its queue with its place: the router may give it to an agent. */
        QUEUED,
        /** An agent has it: their phone rings, then the customer's. */
        DIALLING,
        /** The customer answered: the contact is a call like any other until it ends. */
        CONNECTED,
        /** An attempt was not answered: waits out the retry delay before it enters its queue again. */
        RETRYING,
        /** The contact ended. */
        ENDED;

        Set<State> next() {
            return switch (this) {
                case SCHEDULED, RETRYING -> EnumSet.of(QUEUED, ENDED);
                case QUEUED -> EnumSet.of(DIALLING, ENDED);
                case DIALLING -> EnumSet.of(CONNECTED, QUEUED, RETRYING, ENDED);
                case CONNECTED -> EnumSet.of(ENDED);
                case ENDED -> EnumSet.noneOf(State.class);
            };
        }
    }

    /** One callback: its contact, what was asked, its place in the queue and the attempts made. */
    private static final class Callback {
        final ContactId contact;
        final CallbackRequest request;
        final QueueBook.Waiting place;
        State state = State.SCHEDULED;
        int failedAttempts;
        Cancellable timer = () -> { };

        Callback(ContactId contact, CallbackRequest request, QueueBook.Waiting place) {
            this.contact = contact;
            this.request = request;
            this.place = place;
        }

        void moveTo(State target) {
            if (!state.next().contains(target)) {
                throw new IllegalStateException("callback " + contact + ": " + state + " -> " + target);
            }
            state = target;
        }
    }

    private final ContactCenterLoop loop;
    private final EventBus events;
    private final QueueBook queues;
    private final AgentRoster roster;
    private final Supplier<InstanceConfig> config;
    private final Supplier<FlowEngine> engine;
    private final OutboundCalls outbound;
    private final Map<ContactId, Callback> callbacks = new HashMap<>();

    QueuedCallbacks(ContactCenterLoop loop, EventBus events, QueueBook queues, AgentRoster roster,
                    Supplier<InstanceConfig> config, Supplier<FlowEngine> engine, OutboundCalls outbound) {
        this.loop = loop;
        this.events = events;
        this.queues = queues;
        this.roster = roster;
        this.config = config;
        this.engine = engine;
        this.outbound = outbound;
        events.subscribe(event -> {
            if (event instanceof ContactEvent.ContactEnded ended) {
                ended(ended.contact().contactId());
            }
        });
    }

    /**
     * Creates the callback of {@code from} as {@code request} says and returns its contact's id; {@code from}
     * leaves its queue, and the callback takes its place there once the initial delay is over. Without
     * {@code from} (null: an API request for a customer who is not on the line) its place is from now. Throws
     * IllegalArgumentException when the number cannot be dialled or the queue has no caller ID to call from.
     */
    ContactId create(ContactSnapshot from, CallbackRequest request) {
        String queueName = request.queue().name();
        if (!PhoneNumbers.isE164(request.number())) {
            throw new IllegalArgumentException("the callback number '" + request.number() + "' is not E.164");
        }
        Queue queue = config.get().queues().stream().filter(q -> q.name().equals(queueName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no queue named '" + queueName + "'"));
        if (queue.outboundCallerIdNumber() == null) {
            throw new IllegalArgumentException("queue " + queueName + " has no outbound caller ID number to call back from");
        }
        Contact contact = new Contact(ContactId.random(), from == null ? null : from.initialContactId(),
                from == null ? null : from.contactId(), InitiationMethod.CALLBACK, Endpoint.phone(request.number()),
                Endpoint.phone(queue.outboundCallerIdNumber().value()), loop.now());
        if (from != null) {
            from.attributes().forEach((name, value) -> contact.putAttribute(name, value, loop.now()));
        }
        contact.setQueue(request.queue(), loop.now());
        String whisper = queue.outboundWhisperFlow() != null ? queue.outboundWhisperFlow()
                : EventHook.OUTBOUND_WHISPER.defaultFlow();
        contact.setEventHook(EventHook.OUTBOUND_WHISPER, whisper);
        // The caller's place: the time they entered their queue (or now, if they were not waiting), and its rank.
        QueueBook.Waiting place = Optional.ofNullable(from).flatMap(f -> queues.queueOf(f.contactId()))
                .map(w -> new QueueBook.Waiting(queueName, w.since(), w.priority(), w.ageAdjustment()))
                .orElseGet(() -> new QueueBook.Waiting(queueName, loop.now()));
        engine.get().open(contact);
        events.publish(new ContactEvent.ContactStarted(contact.id(), whisper, contact.snapshot()));
        if (from != null) {
            queues.remove(from.contactId());
            events.publish(new ContactEvent.CallbackCreated(from.contactId(), contact.id()));
        }
        Callback callback = new Callback(contact.id(), request, place);
        callbacks.put(contact.id(), callback);
        callback.timer = loop.schedule(request.initialDelay(), () -> enqueue(callback));
        log(contact.id(), "contact {}: callback of {} to {} in queue {} with the place since {}, routed in {} s",
                contact.id(), from == null ? "an API request" : from.contactId(), request.number(), queueName, place.since(),
                request.initialDelay().toSeconds());
        return contact.id();
    }

    /** Whether {@code contact} is a callback waiting in its queue (the router's match is ours to carry out). */
    boolean waiting(ContactId contact) {
        Callback callback = callbacks.get(contact);
        return callback != null && callback.state == State.QUEUED;
    }

    /** The callback to {@code number} that waits now (not yet connected), if any: how a caller is recognised. */
    Optional<ContactId> pendingFor(String number) {
        return callbacks.values().stream()
                .filter(c -> c.state != State.CONNECTED && c.state != State.ENDED)
                .filter(c -> c.request.number().equals(number)).map(c -> c.contact).findFirst();
    }

    /** A new inbound contact from a caller whose callback waits is marked with it, for flows to branch on. */
    void recognise(Contact inbound) {
        pendingFor(inbound.customerEndpoint().address()).ifPresent(callback -> {
            inbound.putAttribute(PENDING_CALLBACK_ATTRIBUTE, callback.toString(), loop.now());
            log(inbound.id(), "contact {}: the caller's callback {} still waits", inbound.id(), callback);
        });
    }

    /**
     * The router gave the waiting callback {@code contact} to the Available {@code agent}: it leaves its queue,
     * and the agent's phone and then the customer are called. An agent who cannot call out (no phone to call
     * on, a softphone without audio) misses it, and the callback keeps its place.
     */
    void take(ContactId contact, Agent agent) {
        Callback callback = callbacks.get(contact);
        callback.moveTo(State.DIALLING);
        queues.remove(contact);
        OutboundCalls.Route route;
        try {
            route = outbound.route(agent, callback.request.queue().name());
        } catch (AgentRequestException e) {
            log(contact, "contact {}: {} cannot take the callback: {}", contact, agent.username(), e.getMessage());
            AgentConfiguration.QueueRef queue = new AgentConfiguration.QueueRef(callback.request.queue().name(),
                    callback.request.queue().arn());
            roster.offer(agent, new AgentContact(contact.toString(), contact.toString(),
                    InitiationMethod.CALLBACK.name(), queue, callback.place.since()));
            roster.miss(agent);
            requeue(callback);
            return;
        }
        log(contact, "contact {}: callback attempt {} of {} by {}", contact, callback.failedAttempts + 1,
                callback.request.maximumAttempts(), agent.username());
        outbound.ring(agent, contact, callback.request.number(), InitiationMethod.CALLBACK, route, new Attempt(callback));
    }

    private void enqueue(Callback callback) {
        if (callback.state == State.ENDED) {
            return;
        }
        requeue(callback);
    }

    /** Back in its queue as it first entered it: the caller's original time, priority and age adjustment. */
    private void requeue(Callback callback) {
        callback.moveTo(State.QUEUED);
        queues.restore(callback.contact, callback.place);
    }

    private void ended(ContactId contact) {
        Callback callback = callbacks.remove(contact);
        if (callback != null) {
            callback.timer.cancel();
            callback.state = State.ENDED;
        }
    }

    /** What one attempt's outcome means for its callback. */
    private final class Attempt implements CallAttempt {
        private final Callback callback;

        Attempt(Callback callback) {
            this.callback = callback;
        }

        @Override
        public void customerAnswered(Call call) {
            callback.moveTo(State.CONNECTED);
        }

        /**
         * The customer did not answer: this attempt's call goes (the agent's phone is hung up and the agent is in
         * After Contact Work); after the last attempt the contact ends, otherwise it waits the retry delay.
         */
        @Override
        public void customerNotReached(Call call, String why) {
            callback.failedAttempts++;
            call.release(false);
            int max = callback.request.maximumAttempts();
            if (callback.failedAttempts >= max) {
                log(callback.contact, "contact {}: callback not answered after {} attempts ({}); it ends",
                        callback.contact, max, why);
                engine.get().hangUp(callback.contact, DisconnectReason.TELECOM_PROBLEM);
                return;
            }
            Duration delay = callback.request.retryDelay();
            callback.moveTo(State.RETRYING);
            callback.timer = loop.schedule(delay, () -> enqueue(callback));
            log(callback.contact, "contact {}: callback attempt {} of {} not answered ({}); next one in {} s",
                    callback.contact, callback.failedAttempts, max, why, delay.toSeconds());
        }

        /** The agent's phone did not answer: a missed offer, and the callback keeps its place, attempts and all. */
        @Override
        public void agentMissed(Call call, String agent, String why) {
            roster.agent(agent).filter(a -> a.state() == AgentState.PENDING).ifPresent(roster::miss);
            call.release(false);
            log(callback.contact, "contact {}: callback offer to {} missed ({}); it keeps its place",
                    callback.contact, agent, why);
            requeue(callback);
        }
    }

    private static void log(ContactId contact, String format, Object... args) {
        try (var mdc = MDC.putCloseable("contactId", contact.toString())) {
            LOG.info(format, args);
        }
    }
}
