package io.switchboard.routing.call;

import io.switchboard.media.api.EndpointId;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The live calls, by contact and by media endpoint (the caller's, and a third party's while a transfer is
 * live): how the engine's contact ids and the relay's endpoint ids find their call. Owned by the contact
 * center's loop; it announces each call's start and release on the bus.
 */
final class CallRegistry {

    private final EventBus events;
    private final Map<ContactId, Call> byContact = new HashMap<>();
    private final Map<EndpointId, Call> byEndpoint = new HashMap<>();
    private final Map<EndpointId, ThirdPartyLeg> thirdParties = new HashMap<>();
    private final List<CompletableFuture<Void>> emptyWaiters = new ArrayList<>();

    CallRegistry(EventBus events) {
        this.events = events;
    }

    void add(Call call) {
        byContact.put(call.contact(), call);
        events.publish(new ContactEvent.CallStarted(call.leg().callId()));
    }

    /** Indexes the call by its endpoint once the relay created it. */
    void indexEndpoint(Call call, EndpointId endpoint) {
        byEndpoint.put(endpoint, call);
    }

    Optional<Call> byContact(ContactId contact) {
        return Optional.ofNullable(byContact.get(contact));
    }

    Optional<Call> byEndpoint(EndpointId endpoint) {
        return Optional.ofNullable(byEndpoint.get(endpoint));
    }

    /** Forgets the call under every key; the last one gone completes {@link #whenEmpty} waiters. */
    void remove(Call call, EndpointId endpoint) {
        if (!byContact.remove(call.contact(), call)) {
            return;
        }
        if (endpoint != null) {
            byEndpoint.remove(endpoint, call);
        }
        events.publish(new ContactEvent.CallReleased(call.leg().callId()));
        if (byContact.isEmpty()) {
            emptyWaiters.forEach(w -> w.complete(null));
            emptyWaiters.clear();
        }
    }

    /** Tells the bus what happened to a call's contact (a transfer connected, a recording started). */
    void announce(ContactEvent event) {
        events.publish(event);
    }

    /** A third party's endpoint, so the relay's "digits sent" reaches its transfer. */
    void indexThirdParty(EndpointId endpoint, ThirdPartyLeg leg) {
        thirdParties.put(endpoint, leg);
    }

    void forgetThirdParty(EndpointId endpoint, ThirdPartyLeg leg) {
        thirdParties.remove(endpoint, leg);
    }

    Optional<ThirdPartyLeg> thirdParty(EndpointId endpoint) {
        return Optional.ofNullable(thirdParties.get(endpoint));
    }

    int size() {
        return byContact.size();
    }

    List<Call> all() {
        return List.copyOf(byContact.values());
    }

    /** Completes (on the loop) once no call is left; at once when none is. */
    CompletableFuture<Void> whenEmpty() {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        if (byContact.isEmpty()) {
            waiter.complete(null);
        } else {
            emptyWaiters.add(waiter);
        }
        return waiter;
    }
}
