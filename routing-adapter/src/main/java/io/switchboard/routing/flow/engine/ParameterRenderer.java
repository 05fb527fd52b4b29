package io.switchboard.routing.flow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.flow.TextTemplate;

/** Copies a block's parameters with references replaced by their current values, for flow logs. */
final class ParameterRenderer {

    private ParameterRenderer() {
    }

    static JsonNode render(JsonNode node, Contact contact) {
        if (node.isTextual()) {
            String text = node.asText();
            if (!text.contains("$.") && !text.contains("$[")) {
                return node;
            }
            try {
                return JsonNodeFactory.instance.textNode(TextTemplate.parse(text).render(contact));
            } catch (IllegalArgumentException e) {
                return node; // validated at load; keep the text as written if it still does not parse
            }
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), render(e.getValue(), contact)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(render(element, contact)));
            return copy;
        }
        return node;
    }
}
