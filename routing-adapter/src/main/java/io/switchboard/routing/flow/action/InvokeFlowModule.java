package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.ReferenceKind;
import io.switchboard.routing.flow.ResourceRef;
import io.switchboard.routing.flow.Transitions;
import java.util.Optional;

/**
 * Runs a flow module ("Invoke module"): another flow of the instance, static or dynamic by id, name or
 * ARN (a {@code :$LATEST} or alias qualifier is ignored: the published version runs). Its {@code Input}
 * is the module's {@code $.Modules.Input}; when the module returns, {@code $.Modules.Result} names the
 * branch it chose (compared with this block's Equals conditions) and {@code $.Modules.ResultData} holds
 * its output. A module without a branch continues at NextAction.
 */
public final class InvokeFlowModule extends ActionType {

    public InvokeFlowModule() {
        super("InvokeFlowModule", "InvokeFlowModule", Transitions.NO_MATCHING_ERROR, Transitions.NO_MATCHING_CONDITION);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        String raw = ctx.required("FlowModuleId");
        ResourceRef module = raw == null ? null : ctx.resource("FlowModuleId", raw, ReferenceKind.MODULE);
        ctx.checkConditions(c -> c.operator().equals("Equals"), "a module's branch is compared with Equals");
        ModuleData input = ModuleData.parse(ctx, "Input");
        if (ctx.transitions().next().isEmpty() && ctx.transitions().conditions().isEmpty()) {
            ctx.problem("missing transition NextAction");
        }
        if (module == null || ctx.failed()) {
            return null;
        }
        return rt -> {
            Optional<String> name = module.resolve(rt).filter(rt::flowExists);
            if (name.isEmpty()) {
                rt.error(Transitions.NO_MATCHING_ERROR, "no published flow module " + module);
                return;
            }
            rt.invokeModule(name.get(), input.render(rt.contact()));
        };
    }
}
