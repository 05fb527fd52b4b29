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
 * Sets user-defined contact attributes ("Set contact attributes"). Values may hold references; all
 * values are rendered before any is stored, so the update is all-or-nothing and a value may read an
 * attribute the same block changes (it sees the old value).
 */
public final class UpdateContactAttributes extends ActionType {

    public UpdateContactAttributes() {
        super("UpdateContactAttributes", "SetAttributes", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        String target = ctx.text("TargetContact").orElse("Current");
        if (!target.equals("Current")) {
            ctx.problem("TargetContact " + target + " is not supported (only Current)");
        }
        JsonNode attributes = ctx.parameters().get("Attributes");
        if (attributes == null || !attributes.isObject() || attributes.isEmpty()) {
            ctx.problem("missing required parameter Attributes (an object of at least one key)");
            return null;
        }
        Map<String, TextTemplate> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = attributes.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().isEmpty()) {
                ctx.problem("attribute names must not be empty");
            } else if (!field.getValue().isValueNode()) {
                ctx.problem("attribute " + field.getKey() + " must have a string value");
            } else {
                TextTemplate value = ctx.template("Attributes." + field.getKey(), field.getValue().asText());
                if (value != null) {
                    values.put(field.getKey(), value);
                }
            }
        }
        if (ctx.failed()) {
            return null;
        }
        return rt -> {
            Map<String, String> rendered = new LinkedHashMap<>();
            values.forEach((name, value) -> rendered.put(name, value.render(rt.contact())));
            rendered.forEach((name, value) -> rt.contact().putAttribute(name, value, rt.now()));
            rt.next();
        };
    }
}
