package io.switchboard.routing.contact;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * An immutable copy of a {@link Contact}, safe to hand to other threads (router, CTR writer, API).
 * Nullable fields are those a CTR leaves out until they happen.
 */
public record ContactSnapshot(
        ContactId contactId,
        ContactId initialContactId,
        ContactId previousContactId,
        InitiationMethod initiationMethod,
        Channel channel,
        Endpoint customerEndpoint,
        Endpoint systemEndpoint,
        Map<String, String> attributes,
        QueueRef queue,
        RecordingBehavior recording,
        boolean flowLogging,
        String textToSpeechVoice,
        String callbackNumber,
        Map<EventHook, String> eventHooks,
        String storedCustomerInput,
        JsonNode external,
        Instant initiationTimestamp,
        Instant enqueueTimestamp,
        Instant disconnectTimestamp,
        Instant lastUpdateTimestamp,
        DisconnectReason disconnectReason,
        RoutingCriteria routingCriteria) {
}
