package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.Transitions;
import java.util.ArrayList;
import java.util.List;

/** Removes user-defined tags from the contact by key ("Untag contact"); keys must be static. */
public final class UnTagContact extends ActionType {

    public UnTagContact() {
        super("UnTagContact", "UnTagContact", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        JsonNode keys = ctx.parameters().get("TagKeys");
        if (keys == null || !keys.isArray() || keys.isEmpty()) {
            ctx.problem("missing required parameter TagKeys (an array of at least one key)");
            return null;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode key : keys) {
            if (!key.isTextual() || key.asText().isEmpty()) {
                ctx.problem("TagKeys must hold non-empty strings");
            } else {
                names.add(key.asText());
            }
        }
        if (ctx.failed()) {
            return null;
        }
        return rt -> {
            names.forEach(rt.contact().data()::untag);
            rt.next();
        };
    }
}
