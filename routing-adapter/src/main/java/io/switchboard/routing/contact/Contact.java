package io.switchboard.routing.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One contact: a call from its start to its end, with everything its contact trace record needs.
 *
 * <p>Owned by the flow engine's serial executor: every getter and setter runs there. Other threads
 * get a {@link ContactSnapshot}.
 */
public final class Contact {

    /** The text-to-speech voice a contact starts with, as in Amazon Connect. */
    public static final String DEFAULT_VOICE = "Joanna";

    private final ContactId id;
    private final ContactId initialContactId;
    private final ContactId previousContactId;
    private final InitiationMethod initiationMethod;
    private final Channel channel = Channel.VOICE;
    private final Endpoint customerEndpoint;
    private final Endpoint systemEndpoint;
    private final Instant initiationTimestamp;
    // Attribute names are case-sensitive, as in Amazon Connect; insertion order keeps CTRs stable.
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final Map<EventHook, String> eventHooks = new EnumMap<>(EventHook.class);
    private QueueRef queue;
    private RecordingBehavior recording = RecordingBehavior.NONE;
    private String outboundCallerId;
    private boolean flowLogging;
    private String textToSpeechVoice = DEFAULT_VOICE;
    private String callbackNumber;
    private String storedCustomerInput;
    private JsonNode external = JsonNodeFactory.instance.objectNode();
    private QueueMetrics metrics;
    private Instant enqueueTimestamp;
    private Instant disconnectTimestamp;
    private Instant lastUpdateTimestamp;
    private DisconnectReason disconnectReason;
    private final FlowData flowData = new FlowData();

    public Contact(ContactId id, ContactId initialContactId, ContactId previousContactId,
                   InitiationMethod initiationMethod, Endpoint customerEndpoint, Endpoint systemEndpoint,
                   Instant initiationTimestamp) {
        this.id = Objects.requireNonNull(id, "id");
        this.initialContactId = initialContactId == null ? id : initialContactId;
        this.previousContactId = previousContactId;
        this.initiationMethod = Objects.requireNonNull(initiationMethod, "initiationMethod");
        this.customerEndpoint = Objects.requireNonNull(customerEndpoint, "customerEndpoint");
        this.systemEndpoint = Objects.requireNonNull(systemEndpoint, "systemEndpoint");
        this.initiationTimestamp = Objects.requireNonNull(initiationTimestamp, "initiationTimestamp");
        this.lastUpdateTimestamp = initiationTimestamp;
    }

    /** A new inbound contact from {@code customer} to the DID {@code system}. */
    public static Contact inbound(Endpoint customer, Endpoint system, Instant now) {
        return new Contact(ContactId.random(), null, null, InitiationMethod.INBOUND, customer, system, now);
    }

    public ContactId id() {
        return id;
    }

    public ContactId initialContactId() {
        return initialContactId;
    }

    public Optional<ContactId> previousContactId() {
        return Optional.ofNullable(previousContactId);
    }

    public InitiationMethod initiationMethod() {
        return initiationMethod;
    }

    public Channel channel() {
        return channel;
    }

    public Endpoint customerEndpoint() {
        return customerEndpoint;
    }

    public Endpoint systemEndpoint() {
        return systemEndpoint;
    }

    public Instant initiationTimestamp() {
        return initiationTimestamp;
    }

    /** The user-defined attributes, read-only; change them with {@link #putAttribute}. */
    public Map<String, String> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    public void putAttribute(String name, String value, Instant now) {
        attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        touch(now);
    }

    public Optional<QueueRef> queue() {
        return Optional.ofNullable(queue);
    }

    public void setQueue(QueueRef queue, Instant now) {
        this.queue = Objects.requireNonNull(queue, "queue");
        touch(now);
    }

    /**
     * The caller ID an outbound whisper flow's CompleteOutboundCall asked to present instead of the queue's
     * outbound caller ID (E.164), or null.
     */
    public String outboundCallerId() {
        return outboundCallerId;
    }

    public void setOutboundCallerId(String number) {
        this.outboundCallerId = number;
    }

    public RecordingBehavior recording() {
        return recording;
    }

    public void setRecording(RecordingBehavior recording, Instant now) {
        this.recording = Objects.requireNonNull(recording, "recording");
        touch(now);
    }

    public boolean flowLogging() {
        return flowLogging;
    }

    public void setFlowLogging(boolean enabled) {
        this.flowLogging = enabled;
    }

    public String textToSpeechVoice() {
        return textToSpeechVoice;
    }

    public void setTextToSpeechVoice(String voice) {
        this.textToSpeechVoice = Objects.requireNonNull(voice, "voice");
    }

    /** The number a callback dials: the one a flow set, else the caller's own number. */
    public String callbackNumber() {
        return callbackNumber != null ? callbackNumber : customerEndpoint.address();
    }

    public void setCallbackNumber(String e164) {
        if (!PhoneNumbers.isE164(e164)) {
            throw new IllegalArgumentException("not an E.164 number: " + e164);
        }
        this.callbackNumber = e164;
    }

    public Map<EventHook, String> eventHooks() {
        return Collections.unmodifiableMap(eventHooks);
    }

    /** The flow that runs for {@code hook}: the one a flow set, else the shipped default (null if none). */
    public String flowFor(EventHook hook) {
        return eventHooks.getOrDefault(hook, hook.defaultFlow());
    }

    public void setEventHook(EventHook hook, String flowName) {
        eventHooks.put(hook, Objects.requireNonNull(flowName, "flowName"));
    }

    public Optional<String> storedCustomerInput() {
        return Optional.ofNullable(storedCustomerInput);
    }

    public void setStoredCustomerInput(String input) {
        this.storedCustomerInput = input;
    }

    /** The last external function's reply ({@code $.External}), an object node; replaced, never merged. */
    public JsonNode external() {
        return external;
    }

    public void setExternal(JsonNode reply) {
        this.external = Objects.requireNonNull(reply, "reply");
    }

    /** Flow attributes, module data, tags, details and the agent, as flows read and set them. */
    public FlowData data() {
        return flowData;
    }

    public Optional<QueueMetrics> metrics() {
        return Optional.ofNullable(metrics);
    }

    public void setMetrics(QueueMetrics metrics) {
        this.metrics = metrics;
    }

    public Optional<Instant> enqueueTimestamp() {
        return Optional.ofNullable(enqueueTimestamp);
    }

    public void markEnqueued(Instant now) {
        this.enqueueTimestamp = now;
        touch(now);
    }

    public Optional<Instant> disconnectTimestamp() {
        return Optional.ofNullable(disconnectTimestamp);
    }

    public Optional<DisconnectReason> disconnectReason() {
        return Optional.ofNullable(disconnectReason);
    }

    public boolean ended() {
        return disconnectTimestamp != null;
    }

    /** Ends the contact once; later calls keep the first reason, since the first hang-up is what happened. */
    public boolean end(DisconnectReason reason, Instant now) {
        if (ended()) {
            return false;
        }
        this.disconnectReason = Objects.requireNonNull(reason, "reason");
        this.disconnectTimestamp = now;
        touch(now);
        return true;
    }

    public Instant lastUpdateTimestamp() {
        return lastUpdateTimestamp;
    }

    private void touch(Instant now) {
        if (now != null) {
            lastUpdateTimestamp = now;
        }
    }

    public ContactSnapshot snapshot() {
        return new ContactSnapshot(id, initialContactId, previousContactId, initiationMethod, channel,
                customerEndpoint, systemEndpoint, Map.copyOf(attributes), queue, recording, flowLogging,
                textToSpeechVoice, callbackNumber(), Map.copyOf(eventHooks), storedCustomerInput,
                external.deepCopy(), initiationTimestamp, enqueueTimestamp, disconnectTimestamp,
                lastUpdateTimestamp, disconnectReason, data().routingCriteria());
    }
}
