package io.switchboard.routing.voice;

import io.switchboard.media.api.EndpointId;
import io.switchboard.routing.contact.ContactId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live calls, by contact and by media endpoint: the lookup the ports use to go from the engine's
 * contact ids and the relay's endpoint ids to a {@link VoiceCall}. Safe from any thread.
 */
final class VoiceCalls {

    private final Map<ContactId, VoiceCall> byContact = new ConcurrentHashMap<>();
    private final Map<EndpointId, VoiceCall> byEndpoint = new ConcurrentHashMap<>();

    void add(VoiceCall call) {
        byContact.put(call.contact(), call);
    }

    /** Indexes the call by its endpoint once the relay created it. */
    void indexEndpoint(VoiceCall call, EndpointId endpoint) {
        byEndpoint.put(endpoint, call);
    }

    Optional<VoiceCall> byContact(ContactId contact) {
        return Optional.ofNullable(byContact.get(contact));
    }

    Optional<VoiceCall> byEndpoint(EndpointId endpoint) {
        return Optional.ofNullable(byEndpoint.get(endpoint));
    }

    /** Forgets the call under both keys. */
    void remove(VoiceCall call) {
        byContact.remove(call.contact(), call);
        EndpointId endpoint = call.endpoint();
        if (endpoint != null) {
            byEndpoint.remove(endpoint, call);
        }
    }

    int size() {
        return byContact.size();
    }

    List<VoiceCall> all() {
        return List.copyOf(byContact.values());
    }
}
