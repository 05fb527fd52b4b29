package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;

/** Turns flow logs on or off for the rest of the contact ("Set logging behavior"). */
public final class UpdateFlowLoggingBehavior extends ActionType {

    public UpdateFlowLoggingBehavior() {
        super("UpdateFlowLoggingBehavior", "SetLoggingBehavior");
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        String value = ctx.required("FlowLoggingBehavior");
        if (value == null) {
            return null;
        }
        if (!value.equals("Enabled") && !value.equals("Disabled")) {
            ctx.problem("FlowLoggingBehavior must be Enabled or Disabled, not '" + value + "'");
            return null;
        }
        boolean enabled = value.equals("Enabled");
        return rt -> {
            rt.contact().setFlowLogging(enabled);
            rt.next();
        };
    }
}
