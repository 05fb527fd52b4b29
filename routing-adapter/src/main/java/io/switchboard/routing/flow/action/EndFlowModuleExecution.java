package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;

/**
 * Ends a flow module and returns to the flow that invoked it ("Return"), optionally naming one of the
 * module's branches ({@code Result}) and returning output ({@code ResultData}, static or dynamic values).
 */
public final class EndFlowModuleExecution extends ActionType {

    public EndFlowModuleExecution() {
        super("EndFlowModuleExecution", "EndFlowModuleExecution");
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        String result = ctx.text("Result").filter(r -> !r.isEmpty()).orElse(null);
        ModuleData data = ModuleData.parse(ctx, "ResultData");
        if (ctx.failed()) {
            return null;
        }
        return rt -> rt.returnFromModule(result, data.render(rt.contact()));
    }
}
