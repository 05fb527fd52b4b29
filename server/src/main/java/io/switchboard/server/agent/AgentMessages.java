package io.switchboard.server.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.routing.agent.AgentStatusRef;
import io.switchboard.routing.api.AgentView;
import io.switchboard.routing.record.AgentEventJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON of the agent WebSocket's server messages (docs/agent-websocket.md). */
/** Public only for the wiring's {@link #json}. */
public final class AgentMessages {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private AgentMessages() {
    }

    static ObjectNode message(String type) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", type);
        return node;
    }

    /** The agent: the agent event's AgentSnapshot, plus the panel's state and routability. */
    static ObjectNode agent(AgentView view) {
        ObjectNode node = AgentEventJson.snapshot(MAPPER, view.agent());
        node.put("state", view.agent().state().name());
        node.put("stateSince", time(view.agent().stateSince()));
        node.put("routable", view.routable());
        // The phone contacts ring on, as chosen with "phone" (or the instance's), with the desk number.
        var configuration = view.agent().configuration();
        node.put("phoneType", phoneType(configuration.phoneType()));
        node.put("deskPhoneNumber", configuration.deskPhoneNumber());
        if (view.routable()) {
            node.putNull("notRoutableBecause");
            node.putNull("notRoutableDetail");
        } else if (view.block().isPresent()) {
            node.put("notRoutableBecause", view.block().get().reason().name());
            node.put("notRoutableDetail", view.block().get().detail());
        } else {
            boolean onContact = view.agent().state().hasContact();
            node.put("notRoutableBecause", onContact ? "ON_CONTACT" : "STATUS");
            node.put("notRoutableDetail", onContact ? "a contact is with the agent"
                    : "the status " + view.agent().status().name() + " is not routable; choose Available to take calls");
        }
        return node;
    }

    /** The CCP's names of the phone types: SOFT_PHONE, DESK_PHONE (a registered SIP phone is a desk phone there). */
    static String phoneType(io.switchboard.config.model.User.PhoneType type) {
        return type == io.switchboard.config.model.User.PhoneType.SOFTPHONE ? "SOFT_PHONE" : "DESK_PHONE";
    }

    static ObjectNode contact(Optional<AgentView.ContactView> contact) {
        if (contact.isEmpty()) {
            return null;
        }
        AgentView.ContactView c = contact.get();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("contactId", c.contactId());
        node.put("state", c.state());
        node.put("queue", c.queue());
        node.put("customerNumber", c.customerNumber());
        node.put("initiationMethod", c.initiationMethod());
        ObjectNode attributes = node.putObject("attributes");
        c.attributes().forEach(attributes::put);
        node.put("offerExpiresAt", time(c.offerExpiresAt()));
        node.put("stateSince", time(c.stateSince()));
        node.put("muted", c.muted());
        node.put("mediaPaused", c.mediaPaused());
        return node;
    }

    static ArrayNode statuses(List<AgentStatusRef> statuses) {
        ArrayNode array = MAPPER.createArrayNode();
        for (AgentStatusRef status : statuses) {
            ObjectNode s = array.addObject();
            s.put("name", status.name());
            s.put("type", status.type());
            s.put("enabled", status.enabled());
        }
        return array;
    }

    static ObjectNode error(String requestId, String code, String message) {
        ObjectNode node = message("error");
        node.put("requestId", requestId);
        node.put("code", code);
        node.put("message", message);
        return node;
    }

    /** {@code value} as a JSON tree (the ICE servers' maps). */
    public static com.fasterxml.jackson.databind.JsonNode json(Object value) {
        return MAPPER.valueToTree(value);
    }

    static String time(Instant instant) {
        return instant == null ? null : AgentEventJson.timestamp(instant);
    }
}
