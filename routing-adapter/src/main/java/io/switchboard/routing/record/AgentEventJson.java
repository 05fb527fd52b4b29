package io.switchboard.routing.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.routing.agent.AgentConfiguration;
import io.switchboard.routing.agent.AgentContact;
import io.switchboard.routing.agent.AgentEvent;
import io.switchboard.routing.agent.AgentSnapshot;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Agent events and snapshots as Amazon Connect's agent event stream writes them: its field names, its
 * nesting, timestamps in ISO 8601 UTC with milliseconds ({@code yyyy-MM-ddTHH:mm:ss.SSSZ}). Nothing of our
 * own at any level, so a consumer written for the reference stream reads ours.
 */
public final class AgentEventJson {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final List<String> VOICE = List.of(AgentContact.CHANNEL);

    private AgentEventJson() {
    }

    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** The whole event, one JSON object (a line of the stream file). */
    public static ObjectNode event(ObjectMapper mapper, AgentEvent event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("AWSAccountId", accountId(event.instanceArn()));
        node.put("AgentARN", event.agentArn());
        node.set("CurrentAgentSnapshot", snapshot(mapper, event.current()));
        node.put("EventId", event.eventId().toString());
        node.put("EventTimestamp", timestamp(event.timestamp()));
        node.put("EventType", event.type().name());
        node.put("InstanceARN", event.instanceArn());
        if (event.previous() == null) {
            node.putNull("PreviousAgentSnapshot");
        } else {
            node.set("PreviousAgentSnapshot", snapshot(mapper, event.previous()));
        }
        node.put("Version", AgentEvent.VERSION);
        return node;
    }

    /** The {@code AgentSnapshot} object: AgentStatus, Configuration, Contacts. */
    public static ObjectNode snapshot(ObjectMapper mapper, AgentSnapshot snapshot) {
        ObjectNode node = mapper.createObjectNode();
        ObjectNode status = node.putObject("AgentStatus");
        status.put("ARN", snapshot.status().arn());
        status.put("Name", snapshot.status().name());
        status.put("StartTimestamp", timestamp(snapshot.statusSince()));
        status.put("Type", snapshot.status().type());
        node.set("Configuration", configuration(mapper, snapshot));
        ArrayNode contacts = node.putArray("Contacts");
        snapshot.contact().ifPresent(c -> contacts.add(contact(mapper, snapshot, c)));
        return node;
    }

    private static ObjectNode configuration(ObjectMapper mapper, AgentSnapshot snapshot) {
        AgentConfiguration c = snapshot.configuration();
        ObjectNode node = mapper.createObjectNode();
        if (c.hierarchyGroups().isEmpty()) {
            node.putNull("AgentHierarchyGroups");
        } else {
            ObjectNode groups = node.putObject("AgentHierarchyGroups");
            for (int i = 0; i < c.hierarchyGroups().size(); i++) {
                ObjectNode group = groups.putObject("Level" + (i + 1));
                group.put("ARN", c.hierarchyGroups().get(i).arn());
                group.put("Name", c.hierarchyGroups().get(i).name());
            }
        }
        node.put("AutoAccept", c.autoAccept());
        node.put("FirstName", c.firstName());
        node.put("LastName", c.lastName());
        ObjectNode profile = node.putObject("RoutingProfile");
        profile.put("ARN", c.routingProfile().arn());
        profile.put("Name", c.routingProfile().name());
        ObjectNode voice = profile.putArray("Concurrency").addObject();
        voice.put("AvailableSlots", snapshot.contact().isPresent() ? 0 : 1);
        voice.put("Channel", AgentContact.CHANNEL);
        voice.put("MaximumSlots", 1);
        profile.set("DefaultOutboundQueue", queue(mapper, c.routingProfile().defaultOutboundQueue(), true));
        ArrayNode inbound = profile.putArray("InboundQueues");
        for (AgentConfiguration.ServedQueue q : c.routingProfile().queues()) {
            inbound.add(queue(mapper, q.queue(), true));
        }
        node.put("Username", c.username());
        return node;
    }

    private static ObjectNode queue(ObjectMapper mapper, AgentConfiguration.QueueRef queue, boolean channels) {
        ObjectNode node = mapper.createObjectNode();
        node.put("ARN", queue.arn());
        if (channels) {
            ArrayNode list = node.putArray("Channels");
            VOICE.forEach(list::add);
        }
        node.put("Name", queue.name());
        return node;
    }

    private static ObjectNode contact(ObjectMapper mapper, AgentSnapshot snapshot, AgentContact contact) {
        ObjectNode node = mapper.createObjectNode();
        node.put("Channel", AgentContact.CHANNEL);
        putTimestamp(node, "ConnectedToAgentTimestamp", snapshot.connectedAt());
        node.put("ContactId", contact.contactId());
        node.put("InitialContactId", contact.initialContactId());
        node.put("InitiationMethod", contact.initiationMethod());
        if (contact.queue() == null) {
            node.putNull("Queue");
        } else {
            node.set("Queue", queue(mapper, contact.queue(), false));
        }
        putTimestamp(node, "QueueTimestamp", contact.queuedAt());
        node.put("State", AgentContact.state(snapshot.state()));
        node.put("StateStartTimestamp", timestamp(snapshot.stateSince()));
        return node;
    }

    private static void putTimestamp(ObjectNode node, String field, Instant at) {
        if (at == null) {
            node.putNull(field);
        } else {
            node.put(field, timestamp(at));
        }
    }

    /** The account id of {@code arn:<partition>:connect:<region>:<account>:instance/<id>}. */
    static String accountId(String instanceArn) {
        String[] parts = instanceArn.split(":", 6);
        return parts.length == 6 ? parts[4] : "";
    }
}
