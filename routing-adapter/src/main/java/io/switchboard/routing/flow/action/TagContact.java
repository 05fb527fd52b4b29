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
 * Adds user-defined tags to the contact ({@code $.Tags.x}; "Tag contact"). Tag values may be static or
 * dynamic; keys beginning with {@code aws:} are reserved for the system, as in Connect.
 */
public final class TagContact extends ActionType {

    public TagContact() {
        super("TagContact", "TagContact", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        JsonNode tags = ctx.parameters().get("Tags");
        if (tags == null || !tags.isObject() || tags.isEmpty()) {
            ctx.problem("missing required parameter Tags (an object of at least one key)");
            return null;
        }
        Map<String, TextTemplate> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = tags.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().isEmpty() || field.getKey().startsWith("aws:")) {
                ctx.problem("tag key '" + field.getKey() + "' is empty or reserved (aws:)");
            } else if (!field.getValue().isValueNode()) {
                ctx.problem("tag " + field.getKey() + " must have a string value");
            } else {
                TextTemplate value = ctx.template("Tags." + field.getKey(), field.getValue().asText());
                if (value != null) {
                    values.put(field.getKey(), value);
                }
            }
        }
        if (ctx.failed()) {
            return null;
        }
        return rt -> {
            values.forEach((key, value) -> rt.contact().data().tag(key, value.render(rt.contact())));
            rt.next();
        };
    }
}
