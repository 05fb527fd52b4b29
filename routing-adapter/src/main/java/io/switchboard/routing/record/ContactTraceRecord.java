package io.switchboard.routing.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.routing.agent.AgentConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One contact trace record in Amazon Connect's contact record data model, the fields that apply to a voice
 * contact: the names, types and formats of the reference (timestamps ISO 8601 UTC in whole seconds,
 * durations in whole seconds), nothing of our own at the top level. Fields that do not apply yet are null,
 * as Connect writes them. Immutable; built by {@link ContactTraceAssembly} when the contact ends.
 */
public record ContactTraceRecord(
        String awsAccountId,
        String instanceArn,
        String contactId,
        String initialContactId,
        String previousContactId,
        String nextContactId,
        String channel,
        String initiationMethod,
        Instant initiationTimestamp,
        Instant connectedToSystemTimestamp,
        Instant disconnectTimestamp,
        Instant lastUpdateTimestamp,
        String disconnectReason,
        Endpoint customerEndpoint,
        Endpoint systemEndpoint,
        Map<String, String> attributes,
        Queue queue,
        int agentConnectionAttempts,
        Recording recording,
        Instant transferCompletedTimestamp,
        Endpoint transferredToEndpoint,
        Agent agent,
        Map<String, String> tags) {

    /** The tag a record made at restart carries for a contact that was in progress when the server stopped. */
    public static final String INTERRUPTED_TAG = "switchboard:interrupted";

    /** The format version Amazon Connect writes in every contact record. */
    public static final String FORMAT_VERSION = "2017-03-10";

    /** An endpoint: {@code Address} and {@code Type} (TELEPHONE_NUMBER for voice). */
    public record Endpoint(String address, String type) {
        public Endpoint {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(type, "type");
        }
    }

    /** The queue the contact was last in, with its enqueue and dequeue times. */
    public record Queue(String arn, String name, Instant enqueueTimestamp, Instant dequeueTimestamp) {
        public Queue {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(enqueueTimestamp, "enqueueTimestamp");
        }

        /** Whole seconds between the (whole-second) enqueue and dequeue times; null while still queued. */
        public Long durationSeconds() {
            return dequeueTimestamp == null ? null
                    : Duration.between(seconds(enqueueTimestamp), seconds(dequeueTimestamp)).toSeconds();
        }
    }

    /**
     * A recording of the contact: where the file is (relative to the data directory), who is on it, and
     * when it was made; {@code participantType} is one of Connect's (CUSTOMER for the IVR part).
     */
    public record Recording(String location, String participantType, Instant start, Instant stop) {
        public Recording {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(participantType, "participantType");
        }
    }

    /**
     * The agent who was connected: who (ARN, username, routing profile, hierarchy), when, how long they talked
     * ({@code interactionSeconds}, hold excluded) and held the customer, and their After Contact Work (its end
     * and duration null while it lasts).
     */
    public record Agent(String arn, String username, String routingProfileName, String routingProfileArn,
                        List<AgentConfiguration.HierarchyGroup> hierarchyGroups, Instant connectedToAgentTimestamp,
                        long interactionSeconds, long customerHoldSeconds, int numberOfHolds, long longestHoldSeconds,
                        Instant afterContactWorkStartTimestamp, Instant afterContactWorkEndTimestamp,
                        Long afterContactWorkSeconds) {
        public Agent {
            Objects.requireNonNull(arn, "arn");
            Objects.requireNonNull(connectedToAgentTimestamp, "connectedToAgentTimestamp");
            hierarchyGroups = List.copyOf(hierarchyGroups);
        }
    }

    public ContactTraceRecord {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(disconnectTimestamp, "disconnectTimestamp");
        attributes = Map.copyOf(attributes);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** The same record as of a later update at {@code at} (the agent's After Contact Work ended then). */
    public ContactTraceRecord updatedAt(Instant at) {
        return new ContactTraceRecord(awsAccountId, instanceArn, contactId, initialContactId, previousContactId,
                nextContactId, channel, initiationMethod, initiationTimestamp, connectedToSystemTimestamp,
                disconnectTimestamp, at, disconnectReason, customerEndpoint, systemEndpoint, attributes, queue,
                agentConnectionAttempts, recording, transferCompletedTimestamp, transferredToEndpoint, agent, tags);
    }

    /** This record made at restart for a contact that was in progress at a crash. */
    public boolean interrupted() {
        return tags.containsKey(INTERRUPTED_TAG);
    }

    /** Connect's timestamp format: ISO 8601 in UTC, whole seconds ("2024-07-10T15:00:00Z"). */
    public static String timestamp(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(seconds(instant));
    }

    private static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The record as Connect writes it, field for field, in the reference's (alphabetical) order. */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode();
        node.put("AWSAccountId", awsAccountId);
        node.put("AWSContactTraceRecordFormatVersion", FORMAT_VERSION);
        node.set("Agent", agent(mapper));
        node.put("AgentConnectionAttempts", agentConnectionAttempts);
        ObjectNode attrs = node.putObject("Attributes");
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> attrs.put(e.getKey(), e.getValue()));
        node.put("Channel", channel);
        node.put("ConnectedToSystemTimestamp", timestamp(connectedToSystemTimestamp));
        node.put("ContactId", contactId);
        node.set("CustomerEndpoint", endpoint(mapper, customerEndpoint));
        node.put("DisconnectReason", disconnectReason);
        node.put("DisconnectTimestamp", timestamp(disconnectTimestamp));
        node.put("InitialContactId", initialContactId);
        node.put("InitiationMethod", initiationMethod);
        node.put("InitiationTimestamp", timestamp(initiationTimestamp));
        node.put("InstanceARN", instanceArn);
        node.put("LastUpdateTimestamp", timestamp(lastUpdateTimestamp));
        node.putArray("MediaStreams").addObject().put("Type", "AUDIO");
        node.put("NextContactId", nextContactId);
        node.put("PreviousContactId", previousContactId);
        node.set("Queue", queue(mapper));
        node.set("Recording", recordingSummary(mapper));
        node.set("Recordings", recordings(mapper));
        node.set("SystemEndpoint", endpoint(mapper, systemEndpoint));
        ObjectNode tagNode = node.putObject("Tags");
        tags.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> tagNode.put(e.getKey(), e.getValue()));
        node.put("TransferCompletedTimestamp", timestamp(transferCompletedTimestamp));
        node.set("TransferredToEndpoint", endpoint(mapper, transferredToEndpoint));
        return node;
    }

    private static JsonNode endpoint(ObjectMapper mapper, Endpoint endpoint) {
        if (endpoint == null) {
            return mapper.nullNode();
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("Address", endpoint.address());
        node.put("Type", endpoint.type());
        return node;
    }

    private JsonNode agent(ObjectMapper mapper) {
        if (agent == null) {
            return mapper.nullNode();
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("ARN", agent.arn());
        node.put("AfterContactWorkDuration", agent.afterContactWorkSeconds());
        node.put("AfterContactWorkEndTimestamp", timestamp(agent.afterContactWorkEndTimestamp()));
        node.put("AfterContactWorkStartTimestamp", timestamp(agent.afterContactWorkStartTimestamp()));
        node.put("AgentInteractionDuration", agent.interactionSeconds());
        node.put("ConnectedToAgentTimestamp", timestamp(agent.connectedToAgentTimestamp()));
        node.put("CustomerHoldDuration", agent.customerHoldSeconds());
        if (agent.hierarchyGroups().isEmpty()) {
            node.putNull("HierarchyGroups");
        } else {
            ObjectNode groups = node.putObject("HierarchyGroups");
            for (int i = 0; i < agent.hierarchyGroups().size(); i++) {
                ObjectNode group = groups.putObject("Level" + (i + 1));
                group.put("ARN", agent.hierarchyGroups().get(i).arn());
                group.put("GroupName", agent.hierarchyGroups().get(i).name());
            }
        }
        node.put("LongestHoldDuration", agent.longestHoldSeconds());
        node.put("NumberOfHolds", agent.numberOfHolds());
        ObjectNode profile = node.putObject("RoutingProfile");
        profile.put("ARN", agent.routingProfileArn());
        profile.put("Name", agent.routingProfileName());
        node.put("Username", agent.username());
        return node;
    }

    private JsonNode queue(ObjectMapper mapper) {
        if (queue == null) {
            return mapper.nullNode();
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("ARN", queue.arn());
        node.put("DequeueTimestamp", timestamp(queue.dequeueTimestamp()));
        node.put("Duration", queue.durationSeconds());
        node.put("EnqueueTimestamp", timestamp(queue.enqueueTimestamp()));
        node.put("Name", queue.name());
        return node;
    }

    /** The older single-recording field: Location, Status, Type, DeletionReason. */
    private JsonNode recordingSummary(ObjectMapper mapper) {
        if (recording == null) {
            return mapper.nullNode();
        }
        ObjectNode node = mapper.createObjectNode();
        node.putNull("DeletionReason");
        node.put("Location", recording.location());
        node.put("Status", "AVAILABLE");
        node.put("Type", "AUDIO");
        return node;
    }

    /** The list form; StorageType is left null: the file is in our data directory, neither S3 nor Kinesis. */
    private JsonNode recordings(ObjectMapper mapper) {
        if (recording == null) {
            return mapper.nullNode();
        }
        ArrayNode list = mapper.createArrayNode();
        ObjectNode node = list.addObject();
        node.putNull("DeletionReason");
        node.putNull("FragmentStartNumber");
        node.putNull("FragmentStopNumber");
        node.put("Location", recording.location());
        node.put("MediaStreamType", "AUDIO");
        node.put("ParticipantType", recording.participantType());
        node.put("StartTimestamp", timestamp(recording.start()));
        node.put("Status", "AVAILABLE");
        node.put("StopTimestamp", timestamp(recording.stop()));
        node.putNull("StorageType");
        return list;
    }

    /** The records' ids, for tests and logs. */
    @Override
    public String toString() {
        return "CTR " + contactId + " " + disconnectReason + " at " + timestamp(disconnectTimestamp);
    }
}
