package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.TextTemplate;
import io.switchboard.routing.flow.Transitions;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sets flow attributes ({@code $.FlowAttributes.x}): like contact attributes, but they live only for
 * this run of this flow and are not carried to the next flow or into the contact record ("Set contact
 * attributes" with the Flow namespace). All values are rendered before any is stored.
 */
public final class UpdateFlowAttributes extends ActionType {

    public UpdateFlowAttributes() {
        // The reference lists no errors; exports still give the block a NoMatchingError branch.
        super("UpdateFlowAttributes", "SetFlowAttributes", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        JsonNode attributes = ctx.parameters().get("FlowAttributes");
        if (attributes == null || !attributes.isObject() || attributes.isEmpty()) {
            ctx.problem("missing required parameter FlowAttributes (an object of at least one key)");
            return null;
        }
        Map<String, TextTemplate> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = attributes.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            // Exports write {"name": {"Value": "..."}}; a bare string value is accepted too.
            JsonNode value = field.getValue().isObject() ? field.getValue().get("Value") : field.getValue();
            if (field.getKey().isEmpty()) {
                ctx.problem("flow attribute names must not be empty");
            } else if (value == null || !value.isValueNode()) {
                ctx.problem("flow attribute " + field.getKey() + " must have a string Value");
            } else {
                TextTemplate template = ctx.template("FlowAttributes." + field.getKey(), value.asText());
                if (template != null) {
                    values.put(field.getKey(), template);
                }
            }
        }
        if (ctx.failed()) {
            return null;
        }
        return rt -> {
            Map<String, String> rendered = new LinkedHashMap<>();
            values.forEach((name, value) -> rendered.put(name, value.render(rt.contact())));
            rendered.forEach(rt.contact().data()::putFlowAttribute);
            rt.next();
        };
    }
}
