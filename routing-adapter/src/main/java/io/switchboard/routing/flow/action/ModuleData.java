package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.TextTemplate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data a flow module is called with ({@code Input}) or returns ({@code ResultData}): an object whose
 * string values may hold references, rendered when the block runs; values of other JSON types (numbers,
 * booleans, objects, as a module's declared schema types them) pass through as written.
 */
final class ModuleData {

    private final Map<String, Object> fields;

    private ModuleData(Map<String, Object> fields) {
        this.fields = fields;
    }

    static ModuleData parse(CompileContext ctx, String parameter) {
        Map<String, Object> fields = new LinkedHashMap<>();
        JsonNode node = ctx.parameters().get(parameter);
        if (node == null || node.isNull()) {
            return new ModuleData(fields);
        }
        if (!node.isObject()) {
            ctx.problem("parameter " + parameter + " must be an object");
            return new ModuleData(fields);
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isTextual()) {
                TextTemplate template = ctx.template(parameter + "." + field.getKey(), field.getValue().asText());
                if (template != null) {
                    fields.put(field.getKey(), template);
                }
            } else {
                fields.put(field.getKey(), field.getValue().deepCopy());
            }
        }
        return new ModuleData(fields);
    }

    ObjectNode render(Contact contact) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        fields.forEach((key, value) -> {
            if (value instanceof TextTemplate template) {
                out.put(key, template.render(contact));
            } else {
                out.set(key, ((JsonNode) value).deepCopy());
            }
        });
        return out;
    }
}
