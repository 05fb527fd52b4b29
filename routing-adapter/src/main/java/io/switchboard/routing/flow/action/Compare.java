package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.AttributePath;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.Transitions;

/** Branches on a value of the contact data ("Check contact attributes"). */
public final class Compare extends ActionType {

    public Compare() {
        super("Compare", "CheckAttribute", Transitions.NO_MATCHING_CONDITION, Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        String value = ctx.required("ComparisonValue");
        if (value == null) {
            return null;
        }
        AttributePath path = ctx.path("ComparisonValue", value);
        requireNoMatchBranch(ctx);
        if (path == null || ctx.failed()) {
            return null;
        }
        return rt -> {
            String current = path.read(rt.contact()).orElse(null);
            rt.results(current);
            rt.branch(current);
        };
    }
}
