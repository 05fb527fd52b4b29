package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.ReferenceKind;
import io.switchboard.routing.flow.ResourceRef;
import io.switchboard.routing.flow.Transitions;
import java.util.Optional;

/** Continues the contact at the start of another published flow ("Transfer to flow"). */
public final class TransferToFlow extends ActionType {

    public TransferToFlow() {
        super("TransferToFlow", "TransferToFlow", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        String raw = ctx.required("ContactFlowId");
        ResourceRef flow = raw == null ? null : ctx.resource("ContactFlowId", raw, ReferenceKind.FLOW);
        if (flow == null || ctx.failed()) {
            return null;
        }
        return rt -> {
            Optional<String> name = flow.resolve(rt).filter(rt::flowExists);
            if (name.isEmpty()) {
                rt.error(Transitions.NO_MATCHING_ERROR, "no published flow " + flow);
                return;
            }
            rt.results(name.get());
            rt.transferToFlow(name.get());
        };
    }
}
